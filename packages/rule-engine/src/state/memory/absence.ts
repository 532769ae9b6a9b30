import type { AbsenceCheck, AliveOutcome, AliveRecord, Silence } from '../state-store.js';
import { stateKeys } from '../state-keys.js';
import { claimEvent, rememberOutcome, replayOutcome } from './claim.js';
import { trackGroup, untrackGroup } from './group-index.js';
import type { MemoryKeyspace } from './memory-keyspace.js';

interface AbsenceGroup {
  /** Time of the newest matching event; undefined for an ungrouped rule that never matched. */
  last?: number;
  values: Record<string, string>;
  fired?: { at: number; silenceStart: number };
}

type AbsenceGroups = Map<string, AbsenceGroup>;

/**
 * An event of an absence rule. Mirrors aliveLua in state/redis/absence-lua.ts;
 * semantics in evaluation/aggregations/absence.ts.
 */
export function recordAlive(keys: MemoryKeyspace, r: AliveRecord): AliveOutcome {
  const claim = claimEvent(keys, r);
  if (claim !== 'new') {
    const resolved = replayOutcome<{ silenceStart: number; firedAt: number }>(keys, r);
    if (resolved !== undefined) return { status: 'replayed', ...resolved };
    if (claim === 'duplicate') return { status: 'duplicate' };
  }
  const groups = keys.obtain<AbsenceGroups>(stateKeys.absenceGroups(r.ruleId), () => new Map(), r.ttlMs);
  let group = groups.get(r.groupKey);
  if (group === undefined) {
    group = { values: r.groupValues };
    groups.set(r.groupKey, group);
  }
  if (group.last === undefined || r.time > group.last) group.last = r.time;
  trackGroup(keys, r.ruleId, { key: r.groupKey, time: group.last, max: r.maxGroups, idleMs: r.ttlMs }, (member) =>
    groups.delete(member),
  );
  const fired = group.fired;
  if (fired === undefined || group.last <= fired.at - r.windowMs) return { status: 'quiet' };
  group.fired = undefined;
  rememberOutcome(keys, r, { silenceStart: fired.silenceStart, firedAt: fired.at });
  return { status: 'resolved', silenceStart: fired.silenceStart, firedAt: fired.at };
}

/**
 * The absence check of one rule at `now`. A group that a check at this same `now` fired is returned
 * again (replayed) while it is still firing: the record of that is the group's own `fired`, so a retried
 * tick costs no extra state. Mirrors checkAbsenceLua in state/redis/absence-lua.ts.
 */
export function checkAbsence(keys: MemoryKeyspace, c: AbsenceCheck): Silence[] {
  keys.advance(c.now);
  const startKey = stateKeys.absenceStart(c.ruleId);
  const start = keys.peek<number>(startKey) ?? c.now;
  keys.set(startKey, start, c.ttlMs);
  const groups = keys.obtain<AbsenceGroups>(stateKeys.absenceGroups(c.ruleId), () => new Map(), c.ttlMs);
  if (c.ungrouped !== undefined && !groups.has(c.ungrouped.groupKey)) {
    groups.set(c.ungrouped.groupKey, { values: c.ungrouped.groupValues });
  }
  const silences: Silence[] = [];
  for (const [groupKey, group] of groups) {
    const since = group.last ?? start;
    if (group.fired === undefined) {
      if (since + c.windowMs > c.now) continue;
      group.fired = { at: c.now, silenceStart: since };
      silences.push({ groupKey, groupValues: { ...group.values }, silenceStart: since, firedAt: c.now });
    } else if (group.fired.at === c.now) {
      const { silenceStart } = group.fired;
      silences.push({ groupKey, groupValues: { ...group.values }, silenceStart, firedAt: c.now, replayed: true });
    } else if (c.ungrouped === undefined && since <= c.now - c.forgetAfterMs) {
      groups.delete(groupKey);
      untrackGroup(keys, c.ruleId, groupKey);
    }
  }
  return silences;
}
