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
 * How long (event time, behind the rule's newest event) event ids stay claimed: at least the window
 * the event can still affect, the throttle period, plus the lateness allowed.
 */
export function claimRetentionMs(context: AggregationContext, windowMs: number, throttleForMs = 0): number {
  return Math.max(windowMs, throttleForMs) + context.latenessMs;
}
