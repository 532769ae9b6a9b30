import type { CountRecord, RecordOutcome } from '../state-store.js';
import { stateKeys } from '../state-keys.js';
import { alertOutcome, replayedAlert } from './alert-outcome.js';
import { claimEvent } from './claim.js';
import type { MemoryKeyspace } from './memory-keyspace.js';
import { trackGroup } from './group-index.js';
import { SortedSet } from './sorted-set.js';
import { applyThrottle } from './throttle.js';
import { topValues } from './top-values.js';

/**
 * The count aggregation on a MemoryKeyspace. Mirrors state/redis/count-lua.ts;
 * semantics in evaluation/aggregations/count.ts.
 */
export function recordCount(keys: MemoryKeyspace, r: CountRecord): RecordOutcome {
  const claim = claimEvent(keys, r);
  const replayed = replayedAlert(keys, r, claim);
  if (replayed !== undefined) return replayed;
  if (claim === 'stale') return { status: 'late' };
  const events = keys.obtain(stateKeys.countEvents(r.groupKey), () => new SortedSet(), r.ttlMs);
  if (events.score(r.eventId) !== undefined) return { status: 'duplicate' };
  const newest = events.last()?.score;
  if (newest !== undefined && r.time < newest - r.latenessMs) return { status: 'late' };
  const fired = keys.obtain(stateKeys.countFired(r.groupKey), () => new SortedSet(), r.ttlMs);
  const values =
    r.value === undefined
      ? undefined
      : keys.obtain(stateKeys.countValues(r.groupKey), () => new Map<string, string>(), r.ttlMs);

  events.add(r.eventId, r.time);
  values?.set(r.eventId, r.value ?? '');
  const cut = Math.max(newest ?? r.time, r.time) - r.windowMs - r.latenessMs;
  for (const id of events.removeAtMost(cut)) values?.delete(id);
  fired.removeAtMost(cut);
  const group = { key: r.groupKey, time: Math.max(newest ?? r.time, r.time), max: r.maxGroups, idleMs: r.ttlMs };
  trackGroup(keys, r.ruleId, group, (member) => {
    for (const key of [stateKeys.countEvents, stateKeys.countValues, stateKeys.countFired]) keys.delete(key(member));
  });

  // The windows that contain this event end at it or at a later event less than windowMs after it.
  const total = events.size;
  for (let rank = events.rank(r.eventId)!; rank < total; rank++) {
    const end = events.byRank(rank, rank)[0]!;
    if (end.score >= r.time + r.windowMs) break;
    const count = rank - events.countAtMost(end.score - r.windowMs) + 1;
    if (count < r.threshold) continue;
    if (fired.countBetweenExclusive(end.score - r.windowMs, end.score + r.windowMs) > 0) continue;
    fired.add(end.member, end.score);
    const first = rank - count + 1;
    const window = events.byRank(first, rank);
    const summary = {
      count,
      firstTime: window[0]!.score,
      lastTime: end.score,
      eventIds: window.slice(0, r.maxEventIds).map((e) => e.member),
      ...(values === undefined ? {} : { topValues: topValues(tally(window.map((e) => values.get(e.member) ?? ''))) }),
    };
    const suppressed = r.throttle === undefined ? 0 : applyThrottle(keys, r.throttle, r.eventId, end.score);
    return suppressed === undefined ? { status: 'suppressed' } : alertOutcome(keys, r, suppressed, summary);
  }
  return { status: 'quiet' };
}

function tally(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
