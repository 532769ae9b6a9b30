import type { FirstSeenRecord, RecordOutcome } from '../state-store.js';
import { stateKeys } from '../state-keys.js';
import { alertOutcome, replayedAlert } from './alert-outcome.js';
import { claimEvent } from './claim.js';
import type { MemoryKeyspace } from './memory-keyspace.js';
import { evictOldest } from './group-index.js';
import { SortedSet } from './sorted-set.js';
import { applyThrottle } from './throttle.js';

/**
 * The first-seen aggregation on a MemoryKeyspace. Mirrors state/redis/first-seen-lua.ts;
 * semantics in evaluation/aggregations/first-seen.ts.
 */
export function recordFirstSeen(keys: MemoryKeyspace, r: FirstSeenRecord): RecordOutcome {
  const replayed = replayedAlert(keys, r, claimEvent(keys, r));
  if (replayed !== undefined) return replayed;
  const values = keys.obtain(stateKeys.firstSeenValues(r.ruleId), () => new SortedSet(), r.ttlMs);
  const newest = values.last()?.score;
  const baselineKey = stateKeys.firstSeenBaseline(r.ruleId);
  // Nothing remembered that is fresher than forgetAfterMs: learning starts over at this event.
  const fresh = newest !== undefined && newest > r.time - r.forgetAfterMs;
  const baseline = fresh ? Math.min(keys.peek<number>(baselineKey) ?? r.time, r.time) : r.time;
  keys.set(baselineKey, baseline, r.ttlMs);
  const lastSeen = values.score(r.groupKey);
  if (lastSeen === undefined || r.time > lastSeen) values.add(r.groupKey, r.time);
  values.removeAtMost(r.time - r.forgetAfterMs);
  evictOldest(keys, values, r.groupKey, r.maxGroups);

  const isNew = lastSeen === undefined || lastSeen <= r.time - r.forgetAfterMs;
  if (!isNew || r.time < baseline + r.learningMs) return { status: 'quiet' };
  const suppressed = r.throttle === undefined ? 0 : applyThrottle(keys, r.throttle, r.eventId, r.time);
  return suppressed === undefined ? { status: 'suppressed' } : alertOutcome(keys, r, suppressed);
}
