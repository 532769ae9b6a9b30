import { stateKeys } from '../state-keys.js';
import type { MemoryKeyspace } from './memory-keyspace.js';
import { SortedSet } from './sorted-set.js';

/**
 * Keeps `set` (a rule's groups, member -> newest event time) within `max` members: removes the oldest
 * beyond it, never `keep` (the group being written), calling drop(member) for each, and counts them in
 * the keyspace's `evicted`. Mirrors evictOldest in state/redis/lua-prelude.ts.
 */
export function evictOldest(
  keys: MemoryKeyspace,
  set: SortedSet,
  keep: string,
  max: number,
  drop: (member: string) => void = () => {},
): void {
  let over = set.size - max;
  if (over <= 0) return;
  for (const { member } of set.byRank(0, over)) {
    if (over === 0 || member === keep) continue;
    set.remove(member);
    drop(member);
    keys.evicted += 1;
    over -= 1;
  }
}

/**
 * Indexes group `group` of a rule at its newest event time. Only when that makes more than `max`
 * groups: groups idle more than `idleMs` behind the rule's newest are dead and dropped (not counted),
 * then the oldest beyond `max` are evicted (evictOldest), with `evict` when given (state a dead group
 * leaves for later, an evicted one loses). Mirrors `track` in state/redis/lua-prelude.ts.
 */
export function trackGroup(
  keys: MemoryKeyspace,
  ruleId: string,
  group: { key: string; time: number; max: number; idleMs: number },
  drop: (member: string) => void,
  evict: (member: string) => void = drop,
): void {
  const index = keys.obtain(stateKeys.groupIndex(ruleId), () => new SortedSet(), group.idleMs);
  const seen = index.score(group.key);
  if (seen === undefined || group.time > seen) index.add(group.key, group.time);
  if (index.size <= group.max) return;
  const newest = index.last()!.score;
  for (const { member } of index.byRank(0, index.countBetweenExclusive(-Infinity, newest - group.idleMs) - 1)) {
    if (member === group.key) continue;
    index.remove(member);
    drop(member);
  }
  evictOldest(keys, index, group.key, group.max, evict);
}

/** Removes `group` from the rule's index (a group its aggregation forgot). */
export function untrackGroup(keys: MemoryKeyspace, ruleId: string, group: string): void {
  keys.peek<SortedSet>(stateKeys.groupIndex(ruleId))?.remove(group);
}
