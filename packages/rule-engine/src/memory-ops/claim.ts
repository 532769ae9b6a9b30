import type { EventRecord } from '../state-store.js';
import { stateKeys } from '../state-keys.js';
import type { MemoryKeyspace } from './memory-keyspace.js';
import { SortedSet } from './sorted-set.js';

/**
 * `new`: claimed now. `duplicate`: claimed before. `stale`: the event is more than the claim retention
 * behind the rule's newest event, where a claim would already be forgotten, so whether it was processed
 * cannot be known; it is not claimed.
 */
export type Claim = 'new' | 'duplicate' | 'stale';

/**
 * The claims of one rule: event ids scored by the rule's newest event time when claimed, and the
 * outcome recorded with each claim that alerted, dropped with its claim (so it lives exactly as long).
 */
class ClaimLog {
  readonly ids = new SortedSet();
  readonly outcomes = new Map<string, unknown>();
}

/**
 * Claims (rule, event id). An id is scored by the rule's newest event time when it is claimed, so a
 * late event is remembered as long as an in-order one. Mirrors `claim` in redis-scripts/lua-prelude.ts.
 */
export function claimEvent(keys: MemoryKeyspace, record: EventRecord): Claim {
  const log = keys.obtain(stateKeys.claims(record.ruleId), () => new ClaimLog(), record.claimRetentionMs);
  if (log.ids.score(record.eventId) !== undefined) return 'duplicate';
  const newest = log.ids.last()?.score;
  if (newest !== undefined && record.time <= newest - record.claimRetentionMs) return 'stale';
  const clock = Math.max(record.time, newest ?? record.time);
  log.ids.add(record.eventId, clock);
  for (const id of log.ids.removeAtMost(clock - record.claimRetentionMs)) log.outcomes.delete(id);
  return 'new';
}

/**
 * Records `outcome` (a copy) with the event's claim, for `recordedOutcome` to replay; an unclaimed
 * (stale) event records nothing. Returns `outcome`. Mirrors `remember` in redis-scripts/lua-prelude.ts.
 */
export function rememberOutcome<T>(keys: MemoryKeyspace, record: EventRecord, outcome: T): T {
  const log = keys.peek<ClaimLog>(stateKeys.claims(record.ruleId));
  if (log?.ids.score(record.eventId) !== undefined) log.outcomes.set(record.eventId, structuredClone(outcome));
  return outcome;
}

/** A copy of the outcome recorded with the event's claim, or undefined when none was. */
export function recordedOutcome<T>(keys: MemoryKeyspace, record: EventRecord): T | undefined {
  const saved = keys.peek<ClaimLog>(stateKeys.claims(record.ruleId))?.outcomes.get(record.eventId);
  return saved === undefined ? undefined : structuredClone(saved as T);
}
