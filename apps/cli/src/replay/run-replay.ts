import { alertId } from '@b2c-alerts/notify';
import { normalize, readExports, type AuditEvent, type ExportProblem } from '@b2c-alerts/audit-client';
import { defaultForgetAfterMs, Evaluator, MemoryStateStore, type AlertCandidate, type RuleSet } from '@b2c-alerts/rule-engine';
import { CountingStateStore } from './counting-state-store.js';

export interface ReplayOptions {
  /** Files and directories, as readExports takes them. */
  paths: readonly string[];
  ruleSet: RuleSet;
  /** Event-time bounds (epoch ms, inclusive); events outside are skipped. */
  since?: number;
  until?: number;
  /** Each alert as soon as it is raised. */
  onAlert: (alert: AlertCandidate) => void;
  onProblem: (problem: ExportProblem) => void;
  signal?: AbortSignal;
}

export interface RuleReplayStats {
  ruleId: string;
  /** Events the rule's match held for. */
  matches: number;
  alerts: number;
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

/** Events per evaluate call, as the worker's evaluate jobs carry (≤ 500). */
const batchSize = 500;
/** How often (event time) absence rules are checked, as a worker polling every minute would. */
export const replayTickMs = 60_000;

function nextBoundary(time: number): number {
  return (Math.floor(time / replayTickMs) + 1) * replayTickMs;
}

/**
 * Replays exported or archived events through `ruleSet` in event time, in process, with a memory store.
 * Streams: only the current batch and the store's (event-time bounded) state are held, so memory stays
 * flat however many events there are.
 *
 * Order: events are evaluated in the order read (files in argument order, directories sorted by path),
 * in batches of 500 that the evaluator sorts by time. Events need not be sorted across files: every
 * aggregation is event-time based and takes late events within its lateness bound (see Evaluator).
 *
 * Absence rules tick in event time: at every minute boundary the newest event passes, before the events
 * after it (long gaps are skipped past the point where no tick can change anything), and at the end at
 * `until`, or the newest event time without it, so a silence at the end of the data fires when it is
 * longer than the window. With `since`, the watch starts at `since`.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplayStats> {
  const { ruleSet, since, until } = options;
  const store = new CountingStateStore(new MemoryStateStore());
  const evaluator = new Evaluator({ ruleSet, store });
  const alertsByRule = new Map<string, number>();
  const stats: ReplayStats = { records: 0, evaluated: 0, problems: 0, alerts: 0, rules: [] };
  // Overlapping inputs (two exports of one window) hold the same event twice; the store then replays
  // the alert it already raised. Those repeats carry the same alert id and are printed once.
  const emitted = new Set<string>();
  const emit = (alerts: AlertCandidate[]) => {
    for (const alert of alerts) {
      const id = alertId(alert);
      if (emitted.has(id)) continue;
      emitted.add(id);
      stats.alerts += 1;
      alertsByRule.set(alert.ruleId, (alertsByRule.get(alert.ruleId) ?? 0) + 1);
      options.onAlert(alert);
    }
  };

  // Ticks matter only up to the longest absence window (and the forget period) after the newest event.
  const absenceWindows = ruleSet.rules.flatMap((r) => (r.enabled && r.aggregate?.kind === 'absence' ? [r.aggregate.windowMs] : []));
  const ticking = absenceWindows.length > 0;
  const reachMs = Math.max(0, ...absenceWindows) + defaultForgetAfterMs + replayTickMs;
  let nextTick = ticking && since !== undefined ? since : undefined;
  let firstTick: number | undefined;
  let lastTick: number | undefined;
  let newest = -Infinity;

  const tickThrough = async (time: number) => {
    if (nextTick === undefined) return;
    firstTick ??= nextTick;
    const horizon = Math.max(newest, firstTick) + reachMs;
    while (nextTick <= time) {
      if (nextTick > horizon) {
        nextTick = nextBoundary(time);
        break;
      }
      emit(await evaluator.tick(nextTick));
      lastTick = nextTick;
      nextTick = nextBoundary(nextTick);
    }
  };

  let batch: AuditEvent[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const events = batch;
    batch = [];
    emit(await evaluator.evaluate(events));
  };

  const onProblem = (problem: ExportProblem) => {
    stats.problems += 1;
    options.onProblem(problem);
  };
  for await (const record of readExports(options.paths, { onProblem })) {
    options.signal?.throwIfAborted();
    stats.records += 1;
    const event = normalize(record.audit, record.tenant === undefined ? {} : { tenant: record.tenant });
    if ((since !== undefined && event.timestamp < since) || (until !== undefined && event.timestamp > until)) continue;
    stats.evaluated += 1;
    if (ticking) {
      nextTick ??= nextBoundary(event.timestamp);
      if (event.timestamp >= nextTick) {
        await flush();
        await tickThrough(event.timestamp);
      }
    }
    batch.push(event);
    if (event.timestamp > newest) newest = event.timestamp;
    if (batch.length >= batchSize) await flush();
  }
  await flush();

  const end = until ?? (newest === -Infinity ? undefined : newest);
  if (ticking && end !== undefined) {
    await tickThrough(end);
    if (nextTick !== undefined && (lastTick === undefined || lastTick < end)) emit(await evaluator.tick(end));
  }

  stats.rules = ruleSet.rules
    .filter((r) => r.enabled)
    .map((r) => ({ ruleId: r.id, matches: store.matches.get(r.id) ?? 0, alerts: alertsByRule.get(r.id) ?? 0 }));
  return stats;
}
