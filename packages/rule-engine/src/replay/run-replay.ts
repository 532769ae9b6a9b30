import {
  normalize,
  readExports,
  type AuditEvent,
  type ExportProblem,
  type ExportRecord,
} from '@b2c-alerts/audit-client';
import { RuleEngineError } from '../errors/rule-engine-error.js';
import type { AlertCandidate, RuleSet } from '../rule-set/rule-definition.js';
import { compareReplayOrder } from './compare-replay-order.js';
import { OrderedEvaluation, type OrderedEvaluationOptions, type RuleReplayStats } from './ordered-evaluation.js';
import { ReorderBuffer } from './reorder-buffer.js';

export { replayTickMs, type RuleReplayStats } from './ordered-evaluation.js';

export interface ReplayOptions {
  /** Files and directories, as readExports takes them. */
  paths: readonly string[];
  ruleSet: RuleSet;
  /** Event-time bounds (epoch ms, inclusive); events outside are skipped. */
  since?: number;
  until?: number;
  /** Groups a rule keeps at most unless it sets its own maxGroups (default 10,000, as the worker's). */
  maxGroups?: number;
  /**
   * How far (event time) behind the newest event read an event may arrive and still be streamed
   * (default 1 h: export appends events that come in late within its 30 minute overlap after newer ones).
   */
  reorderWindowMs?: number;
  /** Stop with RE_ERR_REPLAY_LIMIT past this many records read (a bound for callers that serve others). */
  maxRecords?: number;
  /** Each alert, in the order raised, once the whole input is evaluated. */
  onAlert: (alert: AlertCandidate) => void;
  /** Each input problem, as it is read. */
  onProblem: (problem: ExportProblem) => void;
  /** A line for people about how the replay went (the input was read again and sorted in memory). */
  onNotice: (message: string) => void;
  signal?: AbortSignal;
}

export interface ReplayStats {
  /** Records read from the input. */
  records: number;
  /** Records inside --since/--until, evaluated. */
  evaluated: number;
  problems: number;
  alerts: number;
  /** Every enabled rule, in rule set order. */
  rules: RuleReplayStats[];
}

export const defaultReorderWindowMs = 3_600_000;
/** Events read between releases from the reorder buffer: it holds at most this many beyond its window. */
const releaseEvery = 500;

interface Disorder {
  /** The event that came too late, and the newest read before it. */
  time: number;
  after: number;
}

interface Evaluated {
  stats: ReplayStats;
  evaluation: OrderedEvaluation;
}

/**
 * Replays exported or archived events through `ruleSet` in event time, in process, with a memory store.
 * The alerts do not depend on the order the input is read in (files in argument order, directories
 * sorted by path; nothing needs sorting): events are evaluated in time order (compareReplayOrder).
 *
 * Streams first: a reorder buffer holds the last `reorderWindowMs` of events (by the newest read) and
 * releases older ones, in order, to the evaluation, so memory stays bounded by that much of the input
 * (+ 500 events, + the store's event-time bounded state) for input in order or nearly so. An event
 * older than one already released means the input is out of order by more than that: the streaming
 * pass stops, and the input is read again into memory, sorted and evaluated afresh; `onNotice` says so.
 * That is why alerts are handed to `onAlert` only at the end. Absence rules tick on the released
 * events, so a tick never runs ahead of an event still held.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplayStats> {
  // A second read reports the same problems again; those the first already reported are not repeated.
  const reported = new Map<string, number>();
  const keyOf = (p: ExportProblem) => `${p.file}\u0000${p.line ?? ''}\u0000${p.message}`;
  const reportFirst = (problem: ExportProblem) => {
    reported.set(keyOf(problem), (reported.get(keyOf(problem)) ?? 0) + 1);
    options.onProblem(problem);
  };
  const reportAgain = (problem: ExportProblem) => {
    const times = reported.get(keyOf(problem)) ?? 0;
    if (times > 0) reported.set(keyOf(problem), times - 1);
    else options.onProblem(problem);
  };

  const streamed = await streamingPass(options, reportFirst);
  const { stats, evaluation } =
    'disorder' in streamed
      ? await sortedPass(options, reportAgain, (sorted) => options.onNotice(disorderNotice(streamed.disorder, sorted)))
      : streamed;
  for (const alert of evaluation.alerts) options.onAlert(alert);
  stats.alerts = evaluation.alerts.length;
  stats.rules = evaluation.ruleStats();
  return stats;
}

function disorderNotice({ time, after }: Disorder, sorted: number): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  return (
    `replay: input is not in time order (an event of ${iso(time)} came after ${iso(after)}); ` +
    `read again and sorted ${sorted.toLocaleString('en-US')} events in memory`
  );
}

/** The records of the input; each counted in `stats`, as are the problems. */
function readRecords(
  options: ReplayOptions,
  stats: ReplayStats,
  onProblem: (problem: ExportProblem) => void,
): AsyncIterable<ExportRecord> {
  return readExports(options.paths, {
    onProblem: (problem) => {
      stats.problems += 1;
      onProblem(problem);
    },
  });
}

/** The record's event, normalized, or undefined when it is outside since/until; counted in `stats`. */
function eventOf(record: ExportRecord, options: ReplayOptions, stats: ReplayStats): AuditEvent | undefined {
  options.signal?.throwIfAborted();
  stats.records += 1;
  if (options.maxRecords !== undefined && stats.records > options.maxRecords) {
    throw new RuleEngineError(
      'RE_ERR_REPLAY_LIMIT',
      `The replay read more than ${options.maxRecords} records and was stopped; narrow the time range.`,
    );
  }
  const event = normalize(record.audit, record.tenant === undefined ? {} : { tenant: record.tenant });
  if (
    (options.since !== undefined && event.timestamp < options.since) ||
    (options.until !== undefined && event.timestamp > options.until)
  )
    return undefined;
  stats.evaluated += 1;
  return event;
}

function evaluationOptions(options: ReplayOptions): OrderedEvaluationOptions {
  return {
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.maxGroups !== undefined ? { maxGroups: options.maxGroups } : {}),
  };
}

function emptyStats(): ReplayStats {
  return { records: 0, evaluated: 0, problems: 0, alerts: 0, rules: [] };
}

async function streamingPass(
  options: ReplayOptions,
  onProblem: (problem: ExportProblem) => void,
): Promise<Evaluated | { disorder: Disorder }> {
  const reorderWindowMs = options.reorderWindowMs ?? defaultReorderWindowMs;
  const stats = emptyStats();
  const evaluation = new OrderedEvaluation(options.ruleSet, evaluationOptions(options));
  const buffer = new ReorderBuffer();
  let newest = -Infinity;
  let lastReleased: AuditEvent | undefined;
  let unreleased = 0;
  for await (const record of readRecords(options, stats, onProblem)) {
    const event = eventOf(record, options, stats);
    if (event === undefined) continue;
    if (lastReleased !== undefined && compareReplayOrder(event, lastReleased) < 0) {
      return { disorder: { time: event.timestamp, after: newest } };
    }
    buffer.push(event);
    if (event.timestamp > newest) newest = event.timestamp;
    // Releasing every `releaseEvery` events rather than each one keeps the per-event cost to the push.
    if (++unreleased < releaseEvery) continue;
    unreleased = 0;
    const released = buffer.takeBefore(newest - reorderWindowMs);
    if (released.length > 0) {
      lastReleased = released[released.length - 1];
      await evaluation.add(released);
    }
  }
  await evaluation.add(buffer.takeAll());
  await evaluation.finish(options.until ?? evaluation.newestTime);
  return { stats, evaluation };
}

async function sortedPass(
  options: ReplayOptions,
  onProblem: (problem: ExportProblem) => void,
  onSorted: (events: number) => void,
): Promise<Evaluated> {
  const stats = emptyStats();
  const events: AuditEvent[] = [];
  for await (const record of readRecords(options, stats, onProblem)) {
    const event = eventOf(record, options, stats);
    if (event !== undefined) events.push(event);
  }
  events.sort(compareReplayOrder); // stable: equal events stay in arrival order
  onSorted(events.length);
  const evaluation = new OrderedEvaluation(options.ruleSet, evaluationOptions(options));
  await evaluation.add(events);
  await evaluation.finish(options.until ?? evaluation.newestTime);
  return { stats, evaluation };
}
