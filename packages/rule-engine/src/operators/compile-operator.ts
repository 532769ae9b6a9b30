import { RuleCompileError } from '../errors/rule-compile-error.js';
import type { DecoratorDefinition, OperatorDefinition } from './operator-definition.js';
import { operatorDecorators } from './operator-decorators.js';
import { parseOperator } from './operators.js';
import type { RuleContext } from '../rule-set/rule-definition.js';

type Evaluate = (factValue: unknown, value: unknown) => boolean;
type Test = (factValue: unknown) => boolean;

/** An operator name resolved once against a context. Both functions may throw where json-rules-engine throws. */
export interface CompiledOperator {
  /** For a value only known per event (a fact reference). */
  evaluate: Evaluate;
  /** For a constant value: prepared once, same answers as `evaluate`. */
  prepare(value: unknown): Test;
}

const { not, someFact, everyFact, someValue, everyValue } = operatorDecorators;

/**
 * Resolves `decorator:…:operator` the way json-rules-engine's OperatorMap does: each decorator wraps
 * the rest (its validator first, then its callback with the rest as `next`).
 */
export function compileOperator(name: string, context: RuleContext): CompiledOperator {
  const parsed = parseOperator(name);
  if (parsed === undefined) throw new RuleCompileError(`Unknown operator "${name}".`);
  const { decorators, operator } = parsed;
  // levels[i] evaluates decorators[i..] applied to the operator; levels[decorators.length] is the operator.
  const levels: Evaluate[] = new Array<Evaluate>(decorators.length + 1);
  levels[decorators.length] = (a, b) => operator.evaluate(a, b, context);
  for (let i = decorators.length - 1; i >= 0; i -= 1)
    levels[i] = decorate(decorators[i] as DecoratorDefinition, levels[i + 1] as Evaluate);
  const evaluate = levels[0] as Evaluate;

  const prepareAt = (level: number, value: unknown): Test => {
    if (level === decorators.length) return prepareOperator(operator, value, context);
    const decorator = decorators[level];
    if (decorator === not) {
      const inner = prepareAt(level + 1, value);
      return (a) => !inner(a);
    }
    if (decorator === someFact || decorator === everyFact) {
      const inner = prepareAt(level + 1, value);
      return decorator === someFact
        ? (a) => Array.isArray(a) && a.some((item) => inner(item))
        : (a) => Array.isArray(a) && a.every((item) => inner(item));
    }
    if ((decorator === someValue || decorator === everyValue) && Array.isArray(value)) {
      const inners = value.map((item) => prepareAt(level + 1, item));
      return decorator === someValue
        ? (a) => inners.some((inner) => inner(a))
        : (a) => inners.every((inner) => inner(a));
    }
    const atLevel = levels[level] as Evaluate; // swap, or someValue/everyValue on a non-list (throws)
    return (a) => atLevel(a, value);
  };
  return { evaluate, prepare: (value) => prepareAt(0, value) };
}

function decorate(decorator: DecoratorDefinition, next: Evaluate): Evaluate {
  const validate = decorator.validate;
  return validate ? (a, b) => validate(a) && decorator.apply(a, b, next) : (a, b) => decorator.apply(a, b, next);
}

function prepareOperator(operator: OperatorDefinition, value: unknown, context: RuleContext): Test {
  if (operator.prepare) return operator.prepare(value, context);
  return (a) => operator.evaluate(a, value, context);
}
