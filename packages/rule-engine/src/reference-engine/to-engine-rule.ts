import { toEngineFact } from '../conditions/engine-fact.js';
import { RuleCompileError } from '../errors/rule-compile-error.js';
import { isFactReference } from '../conditions/fact-reference.js';
import type {
  Condition,
  LeafCondition,
  RuleContext,
  RuleDefinition,
  TopLevelCondition,
} from '../rule-set/rule-definition.js';

/** A rule as json-rules-engine's `engine.addRule` takes it: named and typed by the rule id. */
export interface EngineRule {
  name: string;
  conditions: Record<string, unknown>;
  event: { type: string };
}

/**
 * The rule in json-rules-engine's own JSON: dotted facts (`actor.upn`) become fact + path, in
 * conditions and in fact-valued `value`s; everything else, condition references included, is kept.
 * Register the shared conditions of `context` on the engine with `toEngineCondition`. Throws
 * RuleCompileError when the rule refers to a shared condition `context` does not have, which would
 * make json-rules-engine throw on every run.
 */
export function toEngineRule(rule: RuleDefinition, context: RuleContext): EngineRule {
  assertReferencesExist(rule.match, context, new Set());
  return { name: rule.id, conditions: toEngineCondition(rule.match), event: { type: rule.id } };
}

/** One condition (any level) in json-rules-engine's JSON; see `toEngineRule`. */
export function toEngineCondition(condition: TopLevelCondition | Condition): Record<string, unknown> {
  if ('any' in condition) return { ...condition, any: condition.any.map(toEngineCondition) };
  if ('all' in condition) return { ...condition, all: condition.all.map(toEngineCondition) };
  if ('not' in condition) return { ...condition, not: toEngineCondition(condition.not) };
  if ('condition' in condition) return { ...condition };
  return toEngineLeaf(condition);
}

function toEngineLeaf(leaf: LeafCondition): Record<string, unknown> {
  const { fact: _fact, path: _path, value, ...rest } = leaf;
  return { ...rest, ...toEngineFact(leaf.fact, leaf.path), value: toEngineValue(value) };
}

function toEngineValue(value: unknown): unknown {
  if (!isFactReference(value) || typeof value.fact !== 'string') return value;
  const { fact, path, ...rest } = value;
  return { ...rest, ...toEngineFact(fact, typeof path === 'string' ? path : undefined) };
}

function assertReferencesExist(condition: Condition, context: RuleContext, seen: Set<string>): void {
  if ('any' in condition) condition.any.forEach((part) => assertReferencesExist(part, context, seen));
  else if ('all' in condition) condition.all.forEach((part) => assertReferencesExist(part, context, seen));
  else if ('not' in condition) assertReferencesExist(condition.not, context, seen);
  else if ('condition' in condition) {
    const name = condition.condition;
    if (!Object.hasOwn(context.conditions, name)) throw new RuleCompileError(`Unknown shared condition "${name}".`);
    if (seen.has(name)) return;
    seen.add(name);
    assertReferencesExist(context.conditions[name] as Condition, context, seen);
  }
}
