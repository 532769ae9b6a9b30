import { endsWithOperator, startsWithOperator } from './custom/affix-operators.js';
import { builtinOperators } from './builtin-operators.js';
import { changedOperator } from './custom/changed-operator.js';
import { cidrOperator } from './custom/cidr-operator.js';
import { inListOperator, notInListOperator } from './custom/list-operators.js';
import type { DecoratorDefinition, OperatorDefinition } from './operator-definition.js';
import { operatorDecorators } from './operator-decorators.js';
import { regexOperator } from './custom/regex-operator.js';

/** The operators this project adds to json-rules-engine's built-ins (registered on the reference engine too). */
export const customOperators: Readonly<Record<string, OperatorDefinition>> = {
  regex: regexOperator,
  startsWith: startsWithOperator,
  endsWith: endsWithOperator,
  cidr: cidrOperator,
  changed: changedOperator,
  inList: inListOperator,
  notInList: notInListOperator,
};

const operators: Readonly<Record<string, OperatorDefinition>> = { ...builtinOperators, ...customOperators };

/** json-rules-engine's decorator names; they prefix an operator, `everyFact:someValue:equal`, outermost first. */
export const decoratorNames: readonly string[] = Object.keys(operatorDecorators);

/**
 * Every name a rule's `operator` is built from: json-rules-engine's built-in operators, its decorators,
 * and ours. A usable operator is an operator name optionally preceded by decorators and ':'.
 */
export const operatorNames: readonly string[] = [
  ...Object.keys(builtinOperators),
  ...decoratorNames,
  ...Object.keys(customOperators),
];

/** An operator name split as json-rules-engine's OperatorMap splits it. */
export interface ParsedOperator {
  /** Outermost first. */
  decorators: DecoratorDefinition[];
  operator: OperatorDefinition;
}

/** `not:someFact:equal` → its decorators and operator; undefined when json-rules-engine would not know it. */
export function parseOperator(name: string): ParsedOperator | undefined {
  const parts = name.split(':');
  const base = parts.pop() as string;
  if (!Object.hasOwn(operators, base)) return undefined;
  const decorators: DecoratorDefinition[] = [];
  for (const part of parts) {
    if (!Object.hasOwn(operatorDecorators, part)) return undefined;
    decorators.push(operatorDecorators[part] as DecoratorDefinition);
  }
  return { decorators, operator: operators[base] as OperatorDefinition };
}
