import type { AuditEvent } from '@b2c-alerts/audit-client';
import { Engine } from 'json-rules-engine';
import { factPathResolver } from '../conditions/fact-path.js';
import { customOperators } from '../operators/operators.js';
import type { RuleContext, RuleDefinition } from '../rule-set/rule-definition.js';
import { toEngineCondition, toEngineRule } from './to-engine-rule.js';

export interface ReferenceEngineOptions {
  /**
   * `fast` (default): our JSONPath-lite getter, equal to jsonpath-plus on the supported paths and
   * ~1.5× faster. `jsonpath-plus`: json-rules-engine's default resolver, to check that equality.
   */
  pathResolver?: 'fast' | 'jsonpath-plus';
  /** Keep each rule's `priority` fields (default true). Without them every condition is evaluated. */
  priorities?: boolean;
}

/** json-rules-engine, set up with our facts, operators, lists and shared conditions. */
export interface ReferenceEngine {
  /** Ids of the enabled rules whose `match` holds, in rule order. Rejects where json-rules-engine throws. */
  match(event: AuditEvent): Promise<string[]>;
  /** The underlying engine, for callers that need its rule results (explain). */
  readonly engine: Engine;
}

/**
 * The reference evaluator: one reused json-rules-engine Engine (allowUndefinedFacts) holding every
 * enabled rule, our operators registered on it (list operators closed over `context.lists`), and the
 * shared conditions of `context` set as engine conditions. About 2k events/s: for tests, explain and
 * benchmarks, not for production evaluation (use RuleMatcher).
 */
export function createReferenceEngine(
  rules: RuleDefinition[],
  context: RuleContext,
  options: ReferenceEngineOptions = {},
): ReferenceEngine {
  const engine = new Engine([], {
    allowUndefinedFacts: true,
    ...(options.pathResolver === 'jsonpath-plus' ? {} : { pathResolver: factPathResolver }),
  });
  for (const [name, operator] of Object.entries(customOperators)) {
    engine.addOperator(name, (factValue: unknown, value: unknown) => operator.evaluate(factValue, value, context));
  }
  const keep = options.priorities !== false;
  for (const [name, condition] of Object.entries(context.conditions)) {
    const engineCondition = toEngineCondition(condition);
    engine.setCondition(name, (keep ? engineCondition : withoutPriorities(engineCondition)) as never);
  }
  const order = new Map<string, number>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const engineRule = toEngineRule(rule, context);
    order.set(rule.id, order.size);
    engine.addRule(
      (keep ? engineRule : { ...engineRule, conditions: withoutPriorities(engineRule.conditions) }) as never,
    );
  }
  return {
    engine,
    async match(event) {
      const { results } = await engine.run(event as unknown as Record<string, unknown>);
      return results.map((result) => result.name).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    },
  };
}

function withoutPriorities(condition: Record<string, unknown>): Record<string, unknown> {
  const { priority: _priority, ...rest } = condition;
  for (const key of ['any', 'all'] as const) {
    const parts = rest[key];
    if (Array.isArray(parts)) rest[key] = parts.map((part) => withoutPriorities(part as Record<string, unknown>));
  }
  if (rest.not !== null && typeof rest.not === 'object')
    rest.not = withoutPriorities(rest.not as Record<string, unknown>);
  return rest;
}
