import type { AuditEvent } from '@b2c-alerts/audit-client';
import { defaultForgetAfterMs, defaultMaxGroups, Evaluator } from '../evaluation/evaluator.js';
import { skippedFacts, skipReasons, type SkipReason } from '../evaluation/skip-reason.js';
import type { AlertCandidate, RuleSet } from '../rule-set/rule-definition.js';
import { MemoryStateStore } from '../state/memory/memory-state-store.js';

export interface RuleReplayStats {
  ruleId: string;
  /** Events the rule's match held for. */
  matches: number;
  alerts: number;
  /** Groups the rule evicted, with their state, on reaching its cap: its alerts may miss some. */
  evicted: number;
  /** The rule's cap on groups: its own maxGroups, else the replay's. */
  maxGroups: number;
  /** Matches the rule could not use as written, by reason, with the facts they all lacked (see SkipReason). */
  skipped: Array<{ reason: SkipReason; count: number; facts: string[] }>;
}

export interface OrderedEvaluationOptions {
  /** Event time the absence watches start at; default the first event's minute. */
  since?: number;
  /** Groups a rule keeps at most unless it sets its own maxGroups (default 10,000, as the worker's). */
  maxGroups?: number;
}

/** Events per evaluate call, as the worker's evaluate jobs carry (≤ 500). */
const batchSize = 500;
/** How often (event time) absence and negative sequence rules are checked, as a worker ticking every minute would. */
export const replayTickMs = 60_000;

function nextBoundary(time: number): number {
  return (Math.floor(time / replayTickMs) + 1) * replayTickMs;
}

/**
 * One replay's evaluation, with a fresh memory store: takes events in replay order (see
 * compareReplayOrder; the caller guarantees it) and collects the alerts they raise, each once.
 *
 * Events go to the evaluator in batches of ≤ 500. Absence and spike rules tick in event time: at every minute
 * boundary the newest event passes, before the events after it (long gaps are skipped past the point
 * where no tick can change anything), and at `finish` at the end it is given, so a silence at the end of
 * the data fires when it is longer than the window. With `since`, the watch starts at `since`.
 */
export class OrderedEvaluation {
  /** The alerts raised, in the order raised, each alert id once. */
  readonly alerts: AlertCandidate[] = [];
  private readonly evaluator: Evaluator;
  private readonly matchesByRule = new Map<string, number>();
  private readonly alertsByRule = new Map<string, number>();
  private readonly evictedByRule = new Map<string, number>();
  private readonly skippedByRule = new Map<string, Map<SkipReason, number>>();
  private readonly maxGroups: number;
  // Overlapping inputs (two exports of one window) hold the same event twice; the store then replays
  // the alert it already raised. Those repeats carry the same alert id and are kept once.
  private readonly emitted = new Set<string>();
  private readonly ticking: boolean;
  // Ticks matter only up to the longest absence window (and the forget period) after the newest event.
  private readonly reachMs: number;
  private nextTick: number | undefined;
  private firstTick: number | undefined;
  private lastTick: number | undefined;
  private newest = -Infinity;
  private batch: AuditEvent[] = [];

  constructor(
    private readonly ruleSet: RuleSet,
    { since, maxGroups = defaultMaxGroups }: OrderedEvaluationOptions = {},
  ) {
    this.maxGroups = maxGroups;
    this.evaluator = new Evaluator({ ruleSet, store: new MemoryStateStore(), maxGroups });
    const absenceWindows = ruleSet.rules.flatMap((r) =>
      r.enabled && r.aggregate?.kind === 'absence' ? [r.aggregate.windowMs] : [],
    );
    // A negative sequence (steps, then no absent event) fires on a tick too, its window after its steps.
    for (const r of ruleSet.rules)
      if (r.enabled && r.aggregate?.kind === 'sequence' && r.aggregate.absent !== undefined)
        absenceWindows.push(r.aggregate.windowMs, r.aggregate.absent.windowMs);
    // Spike rules judge their windows on ticks too, up to two windows after a group's newest event.
    const spikeReach = ruleSet.rules.flatMap((r) =>
      r.enabled && r.aggregate?.kind === 'spike' ? [2 * r.aggregate.windowMs] : [],
    );
    this.ticking = absenceWindows.length > 0 || spikeReach.length > 0;
    this.reachMs =
      Math.max(absenceWindows.length > 0 ? Math.max(...absenceWindows) + defaultForgetAfterMs : 0, ...spikeReach) +
      replayTickMs;
    this.nextTick = this.ticking && since !== undefined ? since : undefined;
  }

  /** The newest event time added, if any. */
  get newestTime(): number | undefined {
    return this.newest === -Infinity ? undefined : this.newest;
  }

  /** Events in replay order, after every event added before. */
  async add(events: readonly AuditEvent[]): Promise<void> {
    for (const event of events) {
      if (this.ticking) {
        this.nextTick ??= nextBoundary(event.timestamp);
        if (event.timestamp >= this.nextTick) {
          await this.flush();
          await this.tickThrough(event.timestamp);
        }
      }
      this.batch.push(event);
      if (event.timestamp > this.newest) this.newest = event.timestamp;
      if (this.batch.length >= batchSize) await this.flush();
    }
  }

  /** Evaluates what is left and ticks absence rules up to `end` (event time), when given. */
  async finish(end: number | undefined): Promise<void> {
    await this.flush();
    if (!this.ticking || end === undefined) return;
    await this.tickThrough(end);
    if (this.nextTick !== undefined && (this.lastTick === undefined || this.lastTick < end))
      this.emit(await this.evaluator.tick(end));
  }

  /** Every enabled rule, in rule set order. */
  ruleStats(): RuleReplayStats[] {
    return this.ruleSet.rules
      .filter((r) => r.enabled)
      .map((r) => ({
        ruleId: r.id,
        matches: this.matchesByRule.get(r.id) ?? 0,
        alerts: this.alertsByRule.get(r.id) ?? 0,
        evicted: this.evictedByRule.get(r.id) ?? 0,
        maxGroups: r.maxGroups ?? this.maxGroups,
        skipped: skipReasons.flatMap((reason) => {
          const count = this.skippedByRule.get(r.id)?.get(reason) ?? 0;
          return count > 0 ? [{ reason, count, facts: skippedFacts(r, reason) }] : [];
        }),
      }));
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const events = this.batch;
    this.batch = [];
    this.emit(
      await this.evaluator.evaluate(events, {
        onMatch: (rule) => void this.matchesByRule.set(rule.id, (this.matchesByRule.get(rule.id) ?? 0) + 1),
        onEvicted: (rule, evicted) =>
          void this.evictedByRule.set(rule.id, (this.evictedByRule.get(rule.id) ?? 0) + evicted),
        onSkipped: (rule, reason) => {
          let byReason = this.skippedByRule.get(rule.id);
          if (byReason === undefined) this.skippedByRule.set(rule.id, (byReason = new Map()));
          byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
        },
      }),
    );
  }

  private async tickThrough(time: number): Promise<void> {
    if (this.nextTick === undefined) return;
    this.firstTick ??= this.nextTick;
    const horizon = Math.max(this.newest, this.firstTick) + this.reachMs;
    while (this.nextTick <= time) {
      if (this.nextTick > horizon) {
        this.nextTick = nextBoundary(time);
        break;
      }
      this.emit(await this.evaluator.tick(this.nextTick));
      this.lastTick = this.nextTick;
      this.nextTick = nextBoundary(this.nextTick);
    }
  }

  private emit(alerts: AlertCandidate[]): void {
    for (const alert of alerts) {
      // What notify's alertId hashes: a repeat of an alert is the same candidate, evaluated again.
      const id = `${alert.groupKey}\u0000${alert.firstTime}\u0000${alert.status}\u0000${alert.eventIds[0] ?? ''}`;
      if (this.emitted.has(id)) continue;
      this.emitted.add(id);
      this.alerts.push(alert);
      this.alertsByRule.set(alert.ruleId, (this.alertsByRule.get(alert.ruleId) ?? 0) + 1);
    }
  }
}
