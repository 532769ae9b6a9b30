import type { SpikeAlert, SpikeCheck, SpikeOutcome, SpikeParams, SpikeRecord, SpikeWindow } from '../state-store.js';
import { stateKeys } from '../state-keys.js';
import { claimEvent, rememberOutcome, replayOutcome } from './claim.js';
import { trackGroup, untrackGroup } from './group-index.js';
import type { MemoryKeyspace } from './memory-keyspace.js';

interface SpikeGroup {
  values: Record<string, string>;
  /** Time of the group's newest event. */
  newest: number;
  /** Lowest step index kept: a window that needs an older step is no longer judged. */
  low: number;
  /** Events per step, by step index floor(time / stepMs). */
  steps: Map<number, number>;
  /** Ends of the windows that alerted, per direction, while they can still keep a window from alerting. */
  alerted: { up: number[]; down: number[] };
}

interface FiredByCheck extends SpikeAlert {
  /** The `now` of the check that fired it. */
  at: number;
}

interface SpikeState {
  /** The rule's watch start: its earliest event or check time. */
  start?: number;
  /** The newest window end a check judged: windows ending at or before it are closed. */
  judged?: number;
  fired: FiredByCheck[];
  groups: Map<string, SpikeGroup>;
}

type Direction = SpikeWindow['direction'];

/**
 * An event of a spike rule. Mirrors spikeLua in state/redis/spike-lua.ts; semantics in
 * evaluation/aggregations/spike.ts.
 */
export function recordSpike(keys: MemoryKeyspace, r: SpikeRecord): SpikeOutcome {
  const claim = claimEvent(keys, r);
  if (claim !== 'new') {
    const window = replayOutcome<SpikeWindow>(keys, r);
    if (window !== undefined) return { status: 'replayed', window };
    return { status: claim === 'duplicate' ? 'duplicate' : 'late' };
  }
  const state = keys.obtain<SpikeState>(
    stateKeys.spikeGroups(r.ruleId),
    () => ({ fired: [], groups: new Map() }),
    r.ttlMs,
  );
  const p = r.spike;
  const n = p.windowMs / p.stepMs;
  let group = state.groups.get(r.groupKey);
  if (group !== undefined && r.time < group.newest - r.latenessMs) return { status: 'late' };
  const start = Math.min(state.start ?? r.time, r.time);
  state.start = start;
  if (group === undefined) {
    group = {
      values: r.groupValues,
      newest: r.time,
      low: lowestStep(r.time, p, r.latenessMs),
      steps: new Map(),
      alerted: { up: [], down: [] },
    };
    state.groups.set(r.groupKey, group);
  }
  const step = Math.floor(r.time / p.stepMs);
  group.steps.set(step, (group.steps.get(step) ?? 0) + 1);
  group.newest = Math.max(group.newest, r.time);
  trim(group, p, r.latenessMs);
  trackGroup(keys, r.ruleId, { key: r.groupKey, time: group.newest, max: r.maxGroups, idleMs: r.ttlMs }, (member) =>
    state.groups.delete(member),
  );
  if (p.up === undefined) return { status: 'quiet' };

  // The open windows that hold this event, up to the one the group's newest event falls in, earliest first.
  let from = Math.max((step + 1) * p.stepMs, firstJudged(start, group, p));
  if (state.judged !== undefined) from = Math.max(from, state.judged + p.stepMs);
  const last = (Math.floor(group.newest / p.stepMs) + 1) * p.stepMs;
  for (let end = from; end <= last; end += p.stepMs) {
    const { current, previous } = counts(group, end, n, p.stepMs);
    if (!spikes('up', current, previous, p) || !rearmed(group.alerted.up, end, p.windowMs)) continue;
    group.alerted.up.push(end);
    const window: SpikeWindow = { direction: 'up', end, current, previous, lastTime: Math.min(end, group.newest) };
    rememberOutcome(keys, r, window);
    return { status: 'alert', window };
  }
  return { status: 'quiet' };
}

/**
 * The spike check of one rule at `now`: judges each group's windows that ended since the last check, in
 * both watched directions. A check at or before the last judged window end judges nothing and returns
 * what a check at this same `now` fired. Mirrors checkSpikeLua in state/redis/spike-lua.ts.
 */
export function checkSpike(keys: MemoryKeyspace, c: SpikeCheck): SpikeAlert[] {
  const state = keys.obtain<SpikeState>(
    stateKeys.spikeGroups(c.ruleId),
    () => ({ fired: [], groups: new Map() }),
    c.ttlMs,
  );
  const p = c.spike;
  const n = p.windowMs / p.stepMs;
  const start = Math.min(state.start ?? c.now, c.now);
  state.start = start;
  const nowEnd = Math.floor(c.now / p.stepMs) * p.stepMs;
  if (state.judged !== undefined && nowEnd <= state.judged) {
    return state.fired
      .filter((f) => f.at === c.now)
      .map(({ at: _, ...alert }) => ({ ...structuredClone(alert), replayed: true }));
  }
  const directions: Direction[] = [...(p.up ? (['up'] as const) : []), ...(p.down ? (['down'] as const) : [])];
  const alerts: SpikeAlert[] = [];
  for (const [groupKey, group] of state.groups) {
    let from = firstJudged(start, group, p);
    if (state.judged !== undefined) from = Math.max(from, state.judged + p.stepMs);
    const newestStep = Math.floor(group.newest / p.stepMs) * p.stepMs;
    const to = Math.min(nowEnd, newestStep + 2 * p.windowMs);
    for (let end = from; end <= to; end += p.stepMs) {
      const { current, previous } = counts(group, end, n, p.stepMs);
      for (const direction of directions) {
        if (!spikes(direction, current, previous, p) || !rearmed(group.alerted[direction], end, p.windowMs)) continue;
        group.alerted[direction].push(end);
        alerts.push({ groupKey, groupValues: { ...group.values }, direction, end, current, previous, lastTime: end });
      }
    }
    // Every window that holds one of its events is judged, and its alerts can no longer overlap a new
    // window's: a later event starts it afresh.
    if (newestStep + 3 * p.windowMs <= nowEnd) {
      state.groups.delete(groupKey);
      untrackGroup(keys, c.ruleId, groupKey);
    }
  }
  state.judged = nowEnd;
  state.fired = [
    ...state.fired.filter((f) => f.at > c.now - c.replayMs),
    ...alerts.map((alert) => ({ ...structuredClone(alert), at: c.now })),
  ];
  return alerts;
}

/** The lowest step a window still to be judged may need, given the newest event and the lateness. */
function lowestStep(newest: number, p: SpikeParams, latenessMs: number): number {
  return Math.floor((newest - latenessMs) / p.stepMs) + 1 - (2 * p.windowMs) / p.stepMs;
}

/** Drops the steps no window still to be judged needs, and the alerts no such window can overlap. */
function trim(group: SpikeGroup, p: SpikeParams, latenessMs: number): void {
  group.low = Math.max(group.low, lowestStep(group.newest, p, latenessMs));
  for (const step of group.steps.keys()) if (step < group.low) group.steps.delete(step);
  // Windows still to be judged end at or after low + 2 windows (firstJudged); an alert overlaps them only
  // when it ends less than a window before that.
  const keep = group.low * p.stepMs + p.windowMs;
  group.alerted.up = group.alerted.up.filter((end) => end > keep);
  group.alerted.down = group.alerted.down.filter((end) => end > keep);
}

/**
 * The first window end that may be judged: its previous window starts at or after the rule's watch
 * start, and the steps it needs are all kept.
 */
function firstJudged(start: number, group: SpikeGroup, p: SpikeParams): number {
  const watched = Math.ceil((start + 2 * p.windowMs) / p.stepMs) * p.stepMs;
  return Math.max(watched, group.low * p.stepMs + 2 * p.windowMs);
}

/** Events in the window ending at `end` (current) and in the one before it (previous). */
function counts(group: SpikeGroup, end: number, n: number, stepMs: number): { current: number; previous: number } {
  const last = end / stepMs - 1;
  let current = 0;
  let previous = 0;
  for (let step = last - n + 1; step <= last; step++) current += group.steps.get(step) ?? 0;
  for (let step = last - 2 * n + 1; step <= last - n; step++) previous += group.steps.get(step) ?? 0;
  return { current, previous };
}

/** Whether the counts make a spike in `direction`; see evaluation/aggregations/spike.ts. */
function spikes(direction: Direction, current: number, previous: number, p: SpikeParams): boolean {
  if (direction === 'up') {
    return (
      p.up !== undefined &&
      current >= Math.max(p.minCurrent, 1) &&
      previous >= p.minPrevious &&
      current >= p.up.ratio * previous
    );
  }
  return (
    p.down !== undefined &&
    previous >= Math.max(p.minPrevious, 1) &&
    current >= p.minCurrent &&
    current * 100 <= previous * (100 - p.down.dropPercent)
  );
}

/** True when no window of the same direction less than a window away alerted: they would overlap. */
function rearmed(alerted: readonly number[], end: number, windowMs: number): boolean {
  return alerted.every((other) => Math.abs(end - other) >= windowMs);
}
