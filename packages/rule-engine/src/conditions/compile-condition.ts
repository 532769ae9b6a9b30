import type { AuditEvent } from '@b2c-alerts/audit-client';
import { compileFactGetter } from './fact-getter.js';
import { compileOperator } from '../operators/compile-operator.js';
import { RuleCompileError } from '../errors/rule-compile-error.js';
import { isFactReference } from './fact-reference.js';
import type { Condition, LeafCondition, RuleContext, TopLevelCondition } from '../rule-set/rule-definition.js';

/** A compiled condition: never throws, never awaits. */
export type EventPredicate = (event: AuditEvent) => boolean;

/**
 * Compiles a condition in json-rules-engine's format into a predicate with json-rules-engine 7.3.1's
 * results (facts allowed to be undefined), including its quirks: an empty `all` AND an empty `any` are
 * true, `not` negates its one condition, and a condition reference evaluates the shared condition of
 * that name. `priority` only orders json-rules-engine's evaluation, so it is ignored; `params` only
 * matter for dynamic facts, which events do not have.
 *
 * One deliberate difference: where json-rules-engine throws while evaluating a leaf (`in` against a
 * fact-valued list that is missing, `someValue` on a non-list, `swap:in` on a missing fact) and so
 * rejects the whole run, that leaf is false here, so one odd event cannot stop evaluation.
 *
 * Throws RuleCompileError for an unknown operator, list or shared condition, a reference cycle, an
 * invalid regex or CIDR block, or an unsupported path.
 */
export function compileCondition(condition: TopLevelCondition, context: RuleContext): EventPredicate {
  return createConditionCompiler(context)(condition);
}

/** A compiler for many conditions over one context: shared conditions are compiled once. */
export function createConditionCompiler(context: RuleContext): (condition: Condition) => EventPredicate {
  const shared = new Map<string, EventPredicate>();
  const resolving = new Set<string>();

  const reference = (name: string): EventPredicate => {
    const done = shared.get(name);
    if (done) return done;
    if (!Object.hasOwn(context.conditions, name)) throw new RuleCompileError(`Unknown shared condition "${name}".`);
    if (resolving.has(name))
      throw new RuleCompileError(`Shared condition "${name}" refers to itself through ${[...resolving].join(' → ')}.`);
    resolving.add(name);
    const predicate = compile(context.conditions[name] as Condition);
    resolving.delete(name);
    shared.set(name, predicate);
    return predicate;
  };

  const compile = (condition: Condition): EventPredicate => {
    if ('any' in condition) {
      const parts = condition.any.map(compile);
      if (parts.length === 0) return () => true;
      if (parts.length === 1) return parts[0] as EventPredicate;
      return (event) => {
        for (const part of parts) if (part(event)) return true;
        return false;
      };
    }
    if ('all' in condition) {
      const parts = condition.all.map(compile);
      if (parts.length === 1) return parts[0] as EventPredicate;
      return (event) => {
        for (const part of parts) if (!part(event)) return false;
        return true;
      };
    }
    if ('not' in condition) {
      const part = compile(condition.not);
      return (event) => !part(event);
    }
    if ('condition' in condition) return reference(condition.condition);
    return compileLeaf(condition, context);
  };
  return compile;
}

function compileLeaf(leaf: LeafCondition, context: RuleContext): EventPredicate {
  const getFact = compileFactGetter(leaf.fact, leaf.path);
  const operator = compileOperator(leaf.operator, context);
  const value = leaf.value;
  if (isFactReference(value)) {
    const getValue = compileFactGetter(value.fact, value.path);
    const evaluate = operator.evaluate;
    return (event) => {
      try {
        return evaluate(getFact(event), getValue(event));
      } catch {
        return false;
      }
    };
  }
  const test = operator.prepare(value);
  return (event) => {
    try {
      return test(getFact(event));
    } catch {
      return false;
    }
  };
}
