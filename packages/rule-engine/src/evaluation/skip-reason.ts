import type { AuditEvent } from '@b2c-alerts/audit-client';
import type { RuleDefinition } from '../rule-set/rule-definition.js';
import { anyChosen, chooseFact, choiceFacts } from './fact-choice.js';

/**
 * Why a rule could not use a matching event as written:
 * - `groupBy`: none of the rule's groupBy entries has a value, so the event belongs to no group. The
 *   event is skipped: it is neither counted nor remembered, and raises nothing.
 * - `field`: a distinct rule's field has no value, so there is nothing to count. Skipped likewise.
 * - `throttle.key`: none of the throttle key's entries has a value. The event is evaluated, but its
 *   alert is not throttled: a throttle is there against noise, and one shared key for every keyless
 *   event would hide a second incident behind the first.
 * Each is counted (EvaluatorStats.skipped, EvaluateOptions.onSkipped), never silent.
 */
export type SkipReason = 'groupBy' | 'field' | 'throttle.key';

export const skipReasons: readonly SkipReason[] = ['groupBy', 'field', 'throttle.key'];

/**
 * Why `rule` skips `event`, which its match held for, or undefined when it has every value it needs.
 * One reason per (rule, event), the first in skipReasons order: a skipped event never reaches the throttle.
 * A composite groupBy with some of its entries present keeps the event (the others count as '').
 */
export function skipReason(rule: RuleDefinition, event: AuditEvent): SkipReason | undefined {
  const aggregate = rule.aggregate;
  if (aggregate !== undefined && aggregate.groupBy.length > 0 && !anyChosen(aggregate.groupBy, event)) return 'groupBy';
  if (aggregate?.kind === 'distinct' && chooseFact(aggregate.field, event) === undefined) return 'field';
  // Absence alerts are never throttled (see throttle.ts): their events need no key.
  const key = aggregate?.kind === 'absence' ? [] : (rule.throttle?.key ?? []);
  if (key.length > 0 && !anyChosen(key, event)) return 'throttle.key';
  return undefined;
}

/** The facts a rule reads for `reason`, in order, for messages ("none of target.id, details.X"). */
export function skippedFacts(rule: RuleDefinition, reason: SkipReason): string[] {
  const aggregate = rule.aggregate;
  switch (reason) {
    case 'groupBy':
      return (aggregate?.groupBy ?? []).flatMap(choiceFacts);
    case 'field':
      return aggregate?.kind === 'distinct' ? choiceFacts(aggregate.field) : [];
    case 'throttle.key':
      return (rule.throttle?.key ?? []).flatMap(choiceFacts);
  }
}
