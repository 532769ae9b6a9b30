import type { EventRecord } from '../state-store.js';
import { stateKeys } from '../state-keys.js';
import type { MemoryKeyspace } from './memory-keyspace.js';
import { SortedSet } from './sorted-set.js';

/**
 * Claims (rule, event id); false when it was claimed before. An id is scored by the rule's newest
 * event time when it is claimed, so a late event is remembered as long as an in-order one.
 * Mirrors redis-scripts/claim-lua.ts.
 */
export function claimEvent(keys: MemoryKeyspace, record: EventRecord): boolean {
  const claims = keys.obtain(stateKeys.claims(record.ruleId), () => new SortedSet(), record.claimRetentionMs);
  if (claims.score(record.eventId) !== undefined) return false;
  const clock = Math.max(record.time, claims.last()?.score ?? Number.NEGATIVE_INFINITY);
  claims.add(record.eventId, clock);
  claims.removeAtMost(clock - record.claimRetentionMs);
  return true;
}
