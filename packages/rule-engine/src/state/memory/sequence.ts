import { compareCodePoints } from '../../evaluation/code-point-order.js';
import {
  maxSequenceSteps,
  type SequenceCheck,
  type SequenceFired,
  type SequenceFiring,
  type SequenceOutcome,
  type SequenceRecord,
  type SequenceStepRule,
  type StepWindow,
} from '../state-store.js';
import { stateKeys } from '../state-keys.js';
import { claimEvent, rememberOutcome, replayOutcome } from './claim.js';
import { trackGroup } from './group-index.js';
import type { MemoryKeyspace } from './memory-keyspace.js';
import { SortedSet, type ScoredMember } from './sorted-set.js';
import { applyThrottle } from './throttle.js';

/** A place in event order: time (score), then event id (member) by code point. */
type Position = ScoredMember;

interface SequenceInfo {
  /** Reset: sequences use only events after it (the last alert's completion, the end of a wait). */
  r?: Position;
  /** Scanned: no sequence completes at a last-step event in (r, s]. */
  s?: Position;
  /** The group's newest event time. */
  n?: number;
  /** `<step>:<event id>` (step 1-based) -> the event's value for that distinct step. */
  values: Map<string, string>;
}

/** The steps of a negative sequence done at `c`: its absent window (c, close] runs or has closed. */
interface Wait {
  c: Position;
  close: number;
  steps: StepWindow[];
  /** The newest event of the group is not past `close` yet (only the last wait can be open). */
  open: boolean;
  /** The `now` of the tick that fired it. */
  firedAt?: number;
}

interface WaitingGroup {
  values: Record<string, string>;
  waits: Wait[];
}

/** One group's step events and info, as the search for a completed sequence reads them. */
interface GroupView {
  steps: SortedSet[];
  rules: SequenceStepRule[];
  info: SequenceInfo;
  windowMs: number;
  maxEventIds: number;
}

/**
 * An event of a sequence rule. Mirrors sequenceLua in state/redis/sequence-lua.ts; semantics in
 * evaluation/aggregations/sequence.ts.
 */
export function recordSequence(keys: MemoryKeyspace, r: SequenceRecord): SequenceOutcome {
  const claim = claimEvent(keys, r);
  if (claim !== 'new') {
    const saved = replayOutcome<SequenceFired>(keys, r);
    if (saved !== undefined) return { status: 'replayed', fired: saved };
    return { status: claim === 'duplicate' ? 'duplicate' : 'late' };
  }
  if (!r.matches.includes(true) && !r.absent) return { status: 'quiet' };
  const g = r.groupKey;
  const steps = r.steps.map((_, i) => keys.obtain(stateKeys.sequenceStep(i + 1, g), () => new SortedSet(), r.ttlMs));
  const absentWindowMs = r.absentWindowMs;
  const absent =
    absentWindowMs === undefined ? undefined : keys.obtain(stateKeys.sequenceAbsent(g), () => new SortedSet(), r.ttlMs);
  const info = keys.obtain<SequenceInfo>(stateKeys.sequenceInfo(g), () => ({ values: new Map() }), r.ttlMs);
  if (steps.some((set) => set.score(r.eventId) !== undefined) || absent?.score(r.eventId) !== undefined)
    return { status: 'duplicate' };
  const newest = Math.max(info.n ?? r.time, r.time);
  if (r.time < newest - r.latenessMs) return { status: 'late' };
  info.n = newest;

  const x: Position = { member: r.eventId, score: r.time };
  r.matches.forEach((matches, i) => {
    if (!matches) return;
    steps[i]!.add(x.member, x.score);
    if (r.steps[i]!.distinct) info.values.set(`${i + 1}:${x.member}`, r.values[i] ?? '');
  });
  if (r.absent) absent?.add(x.member, x.score);
  // A sequence spans less than windowMs and a late event is at most latenessMs behind the newest.
  const cut = newest - r.windowMs - r.latenessMs;
  steps.forEach((set, i) => {
    for (const id of set.removeAtMost(cut)) info.values.delete(`${i + 1}:${id}`);
  });
  absent?.removeAtMost(cut);
  // A dead group leaves its waits for the tick to fire; an evicted one loses them.
  trackGroup(
    keys,
    r.ruleId,
    { key: g, time: newest, max: r.maxGroups, idleMs: r.ttlMs },
    (member) => dropGroup(keys, member),
    (member) => {
      dropGroup(keys, member);
      dropWaits(keys, r.ruleId, member);
    },
  );

  const view: GroupView = { steps, rules: r.steps, info, windowMs: r.windowMs, maxEventIds: r.maxEventIds };
  if (absent === undefined || absentWindowMs === undefined) {
    const found = earliestCompletion(view, x);
    if (found === undefined) return { status: 'quiet' };
    info.r = info.s = found.c;
    const suppressed = r.throttle === undefined ? 0 : applyThrottle(keys, r.throttle, r.eventId, found.c.score);
    if (suppressed === undefined) return { status: 'suppressed' };
    const fired: SequenceFired = { state: 'firing', suppressed, steps: found.steps };
    rememberOutcome(keys, r, fired);
    return { status: 'alert', fired };
  }

  const waiting = keys.obtain(stateKeys.sequenceWaits(r.ruleId), () => new Map<string, WaitingGroup>(), r.waitsTtlMs);
  const due = keys.obtain(stateKeys.sequenceDue(r.ruleId), () => new SortedSet(), r.waitsTtlMs);
  const group: WaitingGroup = waiting.get(g) ?? { values: r.groupValues, waits: [] };
  // A fired wait is kept while an absent event could still arrive in its window and resolve it.
  group.waits = group.waits.filter((w) => w.firedAt === undefined || w.close >= newest - r.latenessMs);
  let outcome: SequenceOutcome = { status: 'quiet' };
  if (r.absent) {
    const index = group.waits.findIndex((w) => compare(x, w.c) > 0 && x.score <= w.close);
    const hit = group.waits[index];
    if (hit !== undefined) {
      // The wait ends at x: the group starts over after it, unless a later event had closed the window
      // (the events it absorbed stay absorbed).
      group.waits.splice(index, 1);
      if (hit.open) info.r = x;
      if (hit.firedAt !== undefined) {
        const fired: SequenceFired = { state: 'resolved', suppressed: 0, steps: hit.steps };
        rememberOutcome(keys, r, fired);
        outcome = { status: 'alert', fired };
      }
    }
  }
  for (;;) {
    const last = group.waits[group.waits.length - 1];
    if (last?.open === true) {
      if (newest <= last.close) break;
      last.open = false;
      info.r = { score: last.close + 1, member: '' };
    }
    const found = earliestCompletion(view, x);
    if (found === undefined) break;
    info.r = info.s = found.c;
    const close = found.c.score + absentWindowMs;
    const ended = firstAfter(absent, found.c);
    if (ended !== undefined && ended.score <= close) {
      info.r = ended;
      continue;
    }
    group.waits.push({ c: found.c, close, steps: found.steps, open: true });
  }
  group.values = r.groupValues;
  if (group.waits.length > 0) waiting.set(g, group);
  else waiting.delete(g);
  updateDue(due, g, group);
  return outcome;
}

/**
 * The check of one negative sequence rule at `now`. Mirrors checkSequencesLua in
 * state/redis/sequence-lua.ts.
 */
export function checkSequences(keys: MemoryKeyspace, c: SequenceCheck): SequenceFiring[] {
  keys.advance(c.now);
  const waiting = keys.obtain(stateKeys.sequenceWaits(c.ruleId), () => new Map<string, WaitingGroup>(), c.ttlMs);
  const due = keys.obtain(stateKeys.sequenceDue(c.ruleId), () => new SortedSet(), c.ttlMs);
  const fired = keys.obtain(stateKeys.sequenceFired(c.ruleId), () => new SortedSet(), c.ttlMs);
  // Waits fired more than the lateness ago can no longer be resolved: forgotten.
  for (const { member } of fired.byRank(0, fired.countAtMost(c.now - c.latenessMs) - 1)) {
    fired.remove(member);
    const group = waiting.get(member);
    if (group === undefined) continue;
    group.waits = group.waits.filter((w) => w.firedAt === undefined);
    if (group.waits.length === 0) waiting.delete(member);
  }
  const names = new Set<string>();
  for (const { member } of due.byRank(0, due.countAtMost(c.now) - 1)) names.add(member);
  for (const { member } of fired.byRank(fired.rankOf(c.now, ''), fired.countAtMost(c.now) - 1)) names.add(member);
  const firings: SequenceFiring[] = [];
  for (const g of [...names].sort(compareCodePoints)) {
    const group = waiting.get(g);
    if (group === undefined) {
      due.remove(g);
      continue;
    }
    let firedNow = false;
    for (const wait of group.waits) {
      const replayed = wait.firedAt === c.now;
      if (!replayed && (wait.firedAt !== undefined || wait.close > c.now)) continue;
      wait.firedAt = c.now;
      firedNow ||= !replayed;
      const firing: SequenceFiring = {
        groupKey: g,
        groupValues: { ...group.values },
        steps: structuredClone(wait.steps),
        close: wait.close,
      };
      if (replayed) firing.replayed = true;
      firings.push(firing);
    }
    if (firedNow) fired.add(g, c.now);
    updateDue(due, g, group);
  }
  return firings;
}

/** Deletes a group's own state: its step events, absent events and info. */
function dropGroup(keys: MemoryKeyspace, member: string): void {
  for (let step = 1; step <= maxSequenceSteps; step++) keys.delete(stateKeys.sequenceStep(step, member));
  keys.delete(stateKeys.sequenceAbsent(member));
  keys.delete(stateKeys.sequenceInfo(member));
}

/** Deletes a group's waits (negative form). */
function dropWaits(keys: MemoryKeyspace, ruleId: string, member: string): void {
  keys.peek<Map<string, WaitingGroup>>(stateKeys.sequenceWaits(ruleId))?.delete(member);
  keys.peek<SortedSet>(stateKeys.sequenceDue(ruleId))?.remove(member);
  keys.peek<SortedSet>(stateKeys.sequenceFired(ruleId))?.remove(member);
}

/** Indexes the group by the earliest close of its unfired waits, or drops it from the index. */
function updateDue(due: SortedSet, g: string, group: WaitingGroup): void {
  let next: number | undefined;
  for (const wait of group.waits)
    if (wait.firedAt === undefined && (next === undefined || wait.close < next)) next = wait.close;
  if (next === undefined) due.remove(g);
  else due.add(g, next);
}

function compare(a: Position, b: Position): number {
  return a.score !== b.score ? a.score - b.score : compareCodePoints(a.member, b.member);
}

/** Members of `set` at or before `p`. */
function countUpTo(set: SortedSet, p: Position): number {
  return set.rankOf(p.score, p.member) + (set.score(p.member) === p.score ? 1 : 0);
}

/** The first member of `set` after `p`. */
function firstAfter(set: SortedSet, p: Position): Position | undefined {
  const rank = countUpTo(set, p);
  return set.byRank(rank, rank)[0];
}

/**
 * The earliest last-step event after r at which a sequence completes, and its steps. Only events
 * that can have changed since the last search are tried: those after s, and, when `x` (the event
 * just recorded) is at or before s, those from x on that are less than a window after it.
 */
function earliestCompletion(view: GroupView, x: Position): { c: Position; steps: StepWindow[] } | undefined {
  const { info } = view;
  const last = view.steps[view.steps.length - 1]!;
  const s = info.s;
  const afterReset = info.r === undefined ? 0 : countUpTo(last, info.r);
  const afterScanned = s === undefined ? 0 : countUpTo(last, s);
  const recheck = s !== undefined && compare(x, s) <= 0;
  for (let i = Math.max(afterReset, recheck ? last.rankOf(x.score, x.member) : afterScanned); ; i++) {
    const e = last.byRank(i, i)[0];
    if (e === undefined) break;
    if (i < afterScanned && e.score >= x.score + view.windowMs) {
      i = afterScanned - 1;
      continue;
    }
    const steps = completion(view, e);
    if (steps !== undefined) return { c: e, steps };
  }
  const top = last.last();
  if (top !== undefined && (s === undefined || compare(top, s) > 0)) info.s = top;
  return undefined;
}

/**
 * The steps of a sequence whose last step ends at or before `e` and that spans less than the window
 * measured to `e`, or undefined when there is none. Greedy from the last step back: each step takes
 * the qualifying set of its events whose first event is latest, which leaves the earlier steps the
 * most room, so a sequence is found whenever one exists.
 */
function completion(view: GroupView, e: Position): StepWindow[] | undefined {
  const floor = e.score - view.windowMs;
  const count = view.steps.length;
  const windows: StepWindow[] = [];
  let upper = countUpTo(view.steps[count - 1]!, e);
  for (let k = count - 1; k >= 0; k--) {
    const members = latestSet(view, k, upper, floor);
    if (members === undefined) return undefined;
    windows[k] = stepWindow(view, k, members);
    const first = members[0]!;
    if (k > 0) upper = view.steps[k - 1]!.rankOf(first.score, first.member);
  }
  return windows;
}

/**
 * Among the events of step `k` of rank below `upper`, after r and later than `floor`: the set of
 * consecutive events with `threshold` distinct values (event ids for a counting step) within the step
 * window whose first event is latest, oldest first; undefined when there is none.
 */
function latestSet(view: GroupView, k: number, upper: number, floor: number): Position[] | undefined {
  const set = view.steps[k]!;
  const rule = view.rules[k]!;
  const reset = view.info.r;
  const seen: Position[] = [];
  // The i-th candidate counting down from the newest.
  const at = (i: number): Position | undefined => {
    if (i < seen.length) return seen[i];
    const rank = upper - 1 - i;
    const e = rank < 0 ? undefined : set.byRank(rank, rank)[0];
    if (e === undefined || e.score <= floor || (reset !== undefined && compare(e, reset) <= 0)) return undefined;
    seen.push(e);
    return e;
  };
  const valueOf = (e: Position) => (rule.distinct ? (view.info.values.get(`${k + 1}:${e.member}`) ?? '') : e.member);
  const counts = new Map<string, number>();
  let distinct = 0;
  // The window holds candidates j (its newest) to next - 1 (its oldest).
  for (let j = 0, next = 0; ; j++) {
    const end = at(j);
    if (end === undefined) return undefined;
    while (next <= j || distinct < rule.threshold) {
      const e = at(next);
      if (e === undefined) return undefined;
      const value = valueOf(e);
      const n = counts.get(value) ?? 0;
      if (n === 0) distinct += 1;
      counts.set(value, n + 1);
      next += 1;
    }
    if (end.score - seen[next - 1]!.score < rule.windowMs) return seen.slice(j, next).reverse();
    const value = valueOf(end);
    const n = (counts.get(value) ?? 1) - 1;
    if (n === 0) distinct -= 1;
    counts.set(value, n);
  }
}

/** What a step's set shows: its events, or for a distinct step the newest event of each value. */
function stepWindow(view: GroupView, k: number, members: Position[]): StepWindow {
  const rule = view.rules[k]!;
  let shown = members;
  if (rule.distinct) {
    const newest = new Map<string, Position>();
    for (const e of members) newest.set(view.info.values.get(`${k + 1}:${e.member}`) ?? '', e);
    shown = [...newest.values()].sort(compare);
  }
  return {
    count: shown.length,
    firstTime: members[0]!.score,
    lastTime: members[members.length - 1]!.score,
    eventIds: shown.slice(0, view.maxEventIds).map((e) => e.member),
  };
}
