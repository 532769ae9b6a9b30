import { didYouMean } from '../parsing/nearest-name.js';
import { decoratorNames, operatorNames } from './operators.js';

/** Operators that compare a fact with a value (every operator name that is not a decorator). */
export const baseOperatorNames: readonly string[] = operatorNames.filter((name) => !decoratorNames.includes(name));

/** `someFact:not:equal` → decorators ['someFact', 'not'], base 'equal'. */
export function splitOperator(operator: string): { decorators: string[]; base: string } {
  const parts = operator.split(':');
  const base = parts.pop() ?? '';
  return { decorators: parts, base };
}

/** Why `operator` is not a known operator (each decorator and the operator checked on its own), or undefined. */
export function operatorProblem(operator: string): string | undefined {
  const { decorators, base } = splitOperator(operator);
  const whole = decorators.length > 0 ? ` in '${operator}'` : '';
  for (const decorator of decorators) {
    if (decoratorNames.includes(decorator)) continue;
    const hint = baseOperatorNames.includes(decorator)
      ? `; only decorators (${decoratorNames.join(', ')}) may come before ':'`
      : didYouMean(decorator, decoratorNames);
    return `unknown operator decorator '${decorator}'${whole}${hint}`;
  }
  if (baseOperatorNames.includes(base)) return undefined;
  if (decoratorNames.includes(base)) {
    return `'${base}' is a decorator and needs an operator after it, for example '${base}:equal'`;
  }
  const near = didYouMean(base, baseOperatorNames);
  return `unknown operator '${base}'${whole}${near || `; operators are ${baseOperatorNames.join(', ')}`}`;
}
