import type { ThrottleRecord } from '../state-store.js';
import { stateKeys } from '../state-keys.js';
import type { MemoryKeyspace } from './memory-keyspace.js';
import { SortedSet } from './sorted-set.js';

/**
 * Applies the throttle to an alert at `time`: returns the suppressed count to carry on the alert, or
 * undefined when the alert is suppressed (and counted). Mirrors `throttle` in
 * state/redis/lua-prelude.ts; the semantics are in evaluation/throttle.ts.
 */
export function applyThrottle(
  keys: MemoryKeyspace,
  throttle: ThrottleRecord,
  alertId: string,
  time: number,
): number | undefined {
  const times = keys.obtain(stateKeys.throttleTimes(throttle.key), () => new SortedSet(), throttle.ttlMs);
  const suppressedKey = stateKeys.throttleSuppressed(throttle.key);
  const suppressed = keys.peek<number>(suppressedKey) ?? 0;
  if (times.countBetweenExclusive(time - throttle.forMs, time + throttle.forMs) > 0) {
    keys.set(suppressedKey, suppressed + 1, throttle.ttlMs);
    return undefined;
  }
  keys.delete(suppressedKey);
  times.add(alertId, time);
  const newest = times.last()?.score ?? time;
  times.removeAtMost(newest - throttle.forMs - throttle.latenessMs);
  return suppressed;
}
