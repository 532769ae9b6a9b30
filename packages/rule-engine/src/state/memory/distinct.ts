import type { DistinctRecord, RecordOutcome } from '../state-store.js';
import { stateKeys } from '../state-keys.js';
import { alertOutcome, replayedAlert } from './alert-outcome.js';
import { claimEvent } from './claim.js';
import type { MemoryKeyspace } from './memory-keyspace.js';
import { trackGroup } from './group-index.js';
import { SortedSet } from './sorted-set.js';
import { applyThrottle } from './throttle.js';
import { topValues } from './top-values.js';

interface DistinctInfo {
  /** Events per value since the value last entered the window. */
  counts: Map<string, number>;
  /** The newest event of each value. */
  lastIds: Map<string, string>;
  /** When the group last fired. */
  firedAt?: number;
}

/**
 * The distinct aggregation on a MemoryKeyspace. Mirrors state/redis/distinct-lua.ts;
 * semantics in evaluation/aggregations/distinct.ts.
 */
export function recordDistinct(keys: MemoryKeyspace, r: DistinctRecord): RecordOutcome {
  const claim = claimEvent(keys, r);
  const replayed = replayedAlert(keys, r, claim);
  if (replayed !== undefined) return replayed;
  if (claim === 'stale') return { status: 'late' };
  if (r.value === undefined) return { status: 'quiet' };
  const values = keys.obtain(stateKeys.distinctValues(r.groupKey), () => new SortedSet(), r.ttlMs);
  const info = keys.obtain<DistinctInfo>(
    stateKeys.distinctInfo(r.groupKey),
    () => ({ counts: new Map(), lastIds: new Map() }),
    r.ttlMs,
  );
  const newest = values.last()?.score;
  if (newest !== undefined && r.time <= newest - r.windowMs) return { status: 'late' };
  const end = Math.max(newest ?? r.time, r.time);

  // Trim to the window first: a value that left the window and comes back starts a new count.
  for (const gone of values.removeAtMost(end - r.windowMs)) {
    info.counts.delete(gone);
    info.lastIds.delete(gone);
  }
  const seen = values.score(r.value);
  if (seen === undefined || r.time > seen) {
    values.add(r.value, r.time);
    info.lastIds.set(r.value, r.eventId);
  }
  info.counts.set(r.value, (info.counts.get(r.value) ?? 0) + 1);
  trackGroup(keys, r.ruleId, { key: r.groupKey, time: end, max: r.maxGroups, idleMs: r.ttlMs }, (member) => {
    keys.delete(stateKeys.distinctValues(member));
    keys.delete(stateKeys.distinctInfo(member));
  });

  if (values.size < r.threshold) return { status: 'quiet' };
  if (info.firedAt !== undefined && end < info.firedAt + r.windowMs) return { status: 'quiet' };
  info.firedAt = end;
  const inWindow = values.byRank(0, values.size - 1);
  const summary = {
    count: values.size,
    firstTime: inWindow[0]!.score,
    lastTime: end,
    eventIds: inWindow.slice(0, r.maxEventIds).map((e) => info.lastIds.get(e.member) ?? ''),
    topValues: topValues(inWindow.map((e) => [e.member, info.counts.get(e.member) ?? 0] as [string, number])),
  };
  const suppressed = r.throttle === undefined ? 0 : applyThrottle(keys, r.throttle, r.eventId, end);
  return suppressed === undefined ? { status: 'suppressed' } : alertOutcome(keys, r, suppressed, summary);
}
