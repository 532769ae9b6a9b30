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
 * Claims (rule, event id). An id is scored by the rule's newest event time when it is claimed, so a
 * late event is remembered as long as an in-order one; beyond maxClaims the oldest are forgotten. Mirrors `claim` in state/redis/lua-prelude.ts.
 */
export function claimEvent(keys: MemoryKeyspace, record: EventRecord): Claim {
  const claims = keys.obtain(stateKeys.claims(record.ruleId), () => new SortedSet(), record.claimRetentionMs);
  if (claims.score(record.eventId) !== undefined) return 'duplicate';
  const newest = claims.last()?.score;
  if (newest !== undefined && record.time <= newest - record.claimRetentionMs) return 'stale';
  const clock = Math.max(record.time, newest ?? record.time);
  claims.add(record.eventId, clock);
  claims.removeAtMost(clock - record.claimRetentionMs);
  const over = claims.size - record.maxClaims;
  if (over > 0) for (const { member } of claims.byRank(0, over - 1)) claims.remove(member);
  return 'new';
}

/**
 * Records `outcome` (a copy) for `replayOutcome`, under the event's outcome key, expiring
 * claimRetentionMs after its last use (on the wall clock when the keyspace has one, as in Redis).
 * Returns `outcome`. Mirrors `remember` in state/redis/lua-prelude.ts.
 */
export function rememberOutcome<T>(keys: MemoryKeyspace, record: EventRecord, outcome: T): T {
  if (record.claimRetentionMs > 0)
    keys.set(outcomeKey(record), structuredClone(outcome), record.claimRetentionMs, { wall: true });
  return outcome;
}

/**
 * For an event whose claim was `duplicate` or `stale`: a copy of the outcome it recorded (its expiry
 * renewed), or undefined. Mirrors `claimOrReplay` in state/redis/lua-prelude.ts.
 */
export function replayOutcome<T>(keys: MemoryKeyspace, record: EventRecord): T | undefined {
  const key = outcomeKey(record);
  const saved = keys.peek<T>(key);
  if (saved === undefined) return undefined;
  keys.set(key, saved, record.claimRetentionMs, { wall: true });
  return structuredClone(saved);
}

function outcomeKey(record: EventRecord): string {
  return stateKeys.outcome(record.ruleId, record.eventId);
}
