import type { RuleDefinition } from '../../rule-set/rule-definition.js';
import type { StateStore } from '../../state/state-store.js';

/** What every aggregation needs besides the rule and the event; set once per Evaluator. */
export interface AggregationContext {
  store: StateStore;
  /** How far behind the newest event of its group an event may arrive and still count (event time). */
  latenessMs: number;
  /** first-seen values and silent absence groups are forgotten after this long (event time). */
  forgetAfterMs: number;
  /** Event ids an aggregate alert carries; its count stays exact. */
  maxEventIds: number;
  /** Event ids claimed per rule at most (see EventRecord.maxClaims). */
  maxClaims: number;
  /** Groups per rule at most, unless the rule sets its own `maxGroups` (see EventRecord.maxGroups). */
  maxGroups: number;
}

/**
 * What handling one (rule, event) did: the store's status, and the alert when there is one ('alert',
 * 'resolved', or 'replayed': the identical candidate this event raised when it was first processed).
 */
export interface Handled<C> {
  status: 'duplicate' | 'late' | 'quiet' | 'suppressed' | 'alert' | 'resolved' | 'replayed';
  candidate?: C;
}

/**
 * What handling one (rule, event) did, with the groups the store evicted in that step (its outcome's
 * `evicted`, see Evictions). Required, though often undefined, so that a new aggregation kind cannot
 * leave its evictions out of the evaluator's count.
 */
export interface HandledEvent<C> extends Handled<C> {
  evicted: number | undefined;
}

/**
 * How long (event time, behind the rule's newest event) event ids stay claimed: at least the window
 * the event can still affect, the throttle period, plus the lateness allowed.
 */
export function claimRetentionMs(context: AggregationContext, windowMs: number, throttleForMs = 0): number {
  return Math.max(windowMs, throttleForMs) + context.latenessMs;
}

/** The caps on a rule's state: the evaluator's, or the rule's own `maxGroups`. */
export function stateBounds(
  rule: RuleDefinition,
  context: AggregationContext,
): { maxClaims: number; maxGroups: number } {
  return { maxClaims: context.maxClaims, maxGroups: rule.maxGroups ?? context.maxGroups };
}
