import type { AuditEvent } from '@b2c-alerts/audit-client';
import { createReferenceEngine } from './reference-engine.js';
import type { Condition, RuleContext, RuleDefinition } from '../rule-set/rule-definition.js';

/** One node of an explanation: what json-rules-engine evaluated, with the values it compared. */
export interface ExplainNode {
  /** `condition` is a reference to a shared condition; its one child is that condition. */
  kind: 'all' | 'any' | 'not' | 'condition' | 'leaf';
  /** leaf: the fact as the rule wrote it (`actor.upn`). */
  fact?: string;
  /** leaf: the rule's `path`, when it has one. */
  path?: string;
  /** leaf: the operator as written, decorators included. */
  operator?: string;
  /** leaf: the value compared against (a fact-valued `value` resolved for this event). */
  expected?: unknown;
  /** leaf: the fact's value in this event (undefined when the event does not have it). */
  actual?: unknown;
  /** `condition`: the shared condition's name; otherwise the condition's `name`, when it has one. */
  name?: string;
  result: boolean;
  children?: ExplainNode[];
}

interface ResultNode {
  all?: ResultNode[];
  any?: ResultNode[];
  not?: ResultNode;
  result?: boolean;
  factResult?: unknown;
  valueResult?: unknown;
}

/**
 * Why `rule` does or does not match `event`, read from json-rules-engine's own rule result. Priorities
 * are dropped for the run so that every condition is evaluated and shown (with them, json-rules-engine
 * skips conditions once the outcome is known; the outcome is the same). Ignores `enabled`.
 * Rejects where json-rules-engine throws (see compileCondition).
 */
export async function explainRule(rule: RuleDefinition, event: AuditEvent, context: RuleContext): Promise<ExplainNode> {
  const { engine } = createReferenceEngine([{ ...rule, enabled: true }], context, { priorities: false });
  const { results, failureResults } = await engine.run(event as unknown as Record<string, unknown>);
  const ruleResult = results[0] ?? failureResults[0];
  const root = explainNode(rule.match, (ruleResult?.conditions ?? {}) as ResultNode, context);
  // json-rules-engine records no `result` on the root all/any/not; the rule's result is that value.
  return { ...root, result: ruleResult?.result === true };
}

function explainNode(condition: Condition, node: ResultNode, context: RuleContext): ExplainNode {
  const result = node.result === true;
  const named = condition.name === undefined ? {} : { name: condition.name };
  if ('any' in condition) {
    return {
      kind: 'any',
      ...named,
      result,
      children: condition.any.map((part, i) => explainNode(part, node.any?.[i] ?? {}, context)),
    };
  }
  if ('all' in condition) {
    return {
      kind: 'all',
      ...named,
      result,
      children: condition.all.map((part, i) => explainNode(part, node.all?.[i] ?? {}, context)),
    };
  }
  if ('not' in condition) {
    return { kind: 'not', ...named, result, children: [explainNode(condition.not, node.not ?? {}, context)] };
  }
  if ('condition' in condition) {
    // json-rules-engine evaluates a reference by copying the shared condition into the same node.
    const shared = context.conditions[condition.condition] as Condition;
    return { kind: 'condition', name: condition.condition, result, children: [explainNode(shared, node, context)] };
  }
  return {
    kind: 'leaf',
    ...named,
    fact: condition.fact,
    ...(condition.path ? { path: condition.path } : {}),
    operator: condition.operator,
    expected: node.valueResult,
    actual: node.factResult,
    result,
  };
}
