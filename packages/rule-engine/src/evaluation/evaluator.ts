import type { AuditEvent } from '@b2c-alerts/audit-client';
import type { AggregationContext, Handled, HandledEvent } from './aggregations/aggregation-context.js';
import { handleAlive, tickAbsence } from './aggregations/absence.js';
import { handleCount } from './aggregations/count.js';
import { handleDistinct } from './aggregations/distinct.js';
import { handleEachMatch } from './aggregations/each-match.js';
import { handleFirstSeen } from './aggregations/first-seen.js';
import { handleSequence, tickSequence, type SequencePredicates } from './aggregations/sequence.js';
import { createConditionCompiler, type EventPredicate } from '../conditions/compile-condition.js';
import type { Condition } from '../rule-set/rule-definition.js';
import { handleSpike, tickSpike } from './aggregations/spike.js';
import { compareCodePoints } from './code-point-order.js';
import type { AlertCandidate, RuleDefinition, RuleSet } from '../rule-set/rule-definition.js';
import { RuleMatcher } from './rule-matcher.js';
import { skipReason, type SkipReason } from './skip-reason.js';
import type { StateStore } from '../state/state-store.js';

export interface EvaluatorOptions {
  ruleSet: RuleSet;
  store: StateStore;
  /**
   * How far (event time) behind the newest event of its group an event may arrive and still be counted
   * exactly by count; also how long claims and throttle times outlive their window. Default 2 h.
   */
  latenessMs?: number;
  /** first-seen values unseen this long are new again; silent absence groups are dropped. Default 30 d. */
  forgetAfterMs?: number;
  /** Event ids listed on an aggregate alert (its count stays exact). Default 50. */
  maxEventIds?: number;
  /**
   * Groups a rule keeps at most, unless it sets its own `maxGroups`; beyond it the least recently
   * active are evicted (see EvaluateOptions.onEvicted). Default 10,000 (defaultMaxGroups).
   */
  maxGroups?: number;
  /** Event ids a rule keeps claimed at most (see EventRecord.maxClaims). Default 200,000. */
  maxClaims?: number;
}

/** Counters since the evaluator was created, for the replay summary and metrics. */
export interface EvaluatorStats {
  events: number;
  /** (rule, event) pairs that matched. */
  matches: number;
  duplicates: number;
  late: number;
  suppressed: number;
  /** New alerts (firing), from events and ticks. */
  alerts: number;
  resolved: number;
  /** Candidates raised again, identical, for events (or a tick `now`) that raised them before. */
  replayed: number;
  /** Groups evicted because a rule reached its maxGroups. */
  evicted: number;
  /**
   * Matches a rule could not use as written, by reason (see SkipReason): no groupBy value or no
   * distinct field value (the event was skipped), no throttle key (its alert was not throttled).
   */
  skipped: Record<SkipReason, number>;
}

export interface EvaluateOptions {
  /**
   * Called for each (rule, event) pair that matched, in evaluation order, as the batch is evaluated: for
   * per-rule metrics, so a caller never runs the rule matcher a second time.
   */
  onMatch?: (rule: RuleDefinition, event: AuditEvent) => void;
  /**
   * Called once per rule that evicted groups in this batch, after it is evaluated, with the number
   * evicted: the rule reached its maxGroups, and its least recently active groups lost their state.
   */
  onEvicted?: (rule: RuleDefinition, evicted: number) => void;
  /**
   * Called for each (rule, event) pair that matched but lacks a value the rule needs, in evaluation
   * order, right after its onMatch: for per-rule metrics and warnings, so no skip is silent.
   */
  onSkipped?: (rule: RuleDefinition, reason: SkipReason, event: AuditEvent) => void;
}

/**
 * One (rule, event) of a batch, handled; `repeat` when its event id came earlier in the batch (its replay
 * then repeats a candidate of this batch).
 */
interface Step {
  rule: RuleDefinition;
  repeat: boolean;
  handled: HandledEvent<AlertCandidate>;
}

export const defaultLatenessMs = 2 * 60 * 60 * 1000;
export const defaultForgetAfterMs = 30 * 24 * 60 * 60 * 1000;
export const defaultMaxGroups = 10_000;
export const defaultMaxClaims = 200_000;

/**
 * Evaluates batches of events against a rule set in event time: each event meets the rules that match
 * it (RuleMatcher), then its rule's aggregate and throttle through the StateStore. Idempotent per
 * (rule, event id): a retried batch or a redelivered event never counts twice and never raises a new
 * alert; an event that raised an alert raises the identical candidate again (stats.replayed), so a batch
 * retried after its first run died before handing its alerts on loses none. Consumers therefore dedupe
 * by alert id (see AlertCandidate). With a RedisStateStore, several evaluators (workers) on one Redis
 * raise each distinct alert once in total, whatever batches they get, plus replays where their batches
 * overlap. Each batch is processed in (time, id) order; order across batches may be anything within the
 * bounds that aggregations/*.ts state. Within one batch, an event id that occurs again replays nothing.
 * A matching event that lacks a value its rule needs (a groupBy, a distinct field, a throttle key) is
 * counted as skipped, by reason, in stats.skipped and through onSkipped (see SkipReason): never silently.
 */
export class Evaluator {
  readonly stats: EvaluatorStats = {
    events: 0,
    matches: 0,
    duplicates: 0,
    late: 0,
    suppressed: 0,
    alerts: 0,
    resolved: 0,
    replayed: 0,
    evicted: 0,
    skipped: { groupBy: 0, field: 0, 'throttle.key': 0 },
  };
  private newest: number | undefined;
  private readonly rules: RuleDefinition[];
  private readonly matcher: RuleMatcher;
  private readonly context: AggregationContext;
  private readonly compile: (condition: Condition) => EventPredicate;
  /** Compiled step conditions of sequence rules, by rule id, compiled on first use. */
  private readonly sequences = new Map<string, SequencePredicates>();

  constructor(options: EvaluatorOptions) {
    this.rules = options.ruleSet.rules;
    this.compile = createConditionCompiler(options.ruleSet);
    this.matcher = new RuleMatcher(options.ruleSet.rules, options.ruleSet);
    this.context = {
      store: options.store,
      latenessMs: options.latenessMs ?? defaultLatenessMs,
      forgetAfterMs: options.forgetAfterMs ?? defaultForgetAfterMs,
      maxEventIds: options.maxEventIds ?? 50,
      maxGroups: options.maxGroups ?? defaultMaxGroups,
      maxClaims: options.maxClaims ?? defaultMaxClaims,
    };
  }

  /** The newest event time this evaluator has seen: a `now` for `tick` when running in event time. */
  get newestEventTime(): number | undefined {
    return this.newest;
  }

  /**
   * The alert candidates the batch raises, in (event time, id, rule) order: new ones and the replays of
   * those its events raised before. The same batch evaluated again gives the identical list.
   */
  async evaluate(events: readonly AuditEvent[], options: EvaluateOptions = {}): Promise<AlertCandidate[]> {
    const ordered = [...events].sort((a, b) => a.timestamp - b.timestamp || compareCodePoints(a.id, b.id));
    // Every store operation is issued before any is awaited: the memory store applies each at call time,
    // and Redis runs one connection's scripts in order, so state sees the events in this order.
    const pending: Array<Promise<Step>> = [];
    const ids = new Set<string>();
    for (const event of ordered) {
      this.stats.events += 1;
      if (this.newest === undefined || event.timestamp > this.newest) this.newest = event.timestamp;
      const repeat = ids.has(event.id);
      ids.add(event.id);
      for (const rule of this.matcher.match(event)) {
        this.stats.matches += 1;
        options.onMatch?.(rule, event);
        const skipped = skipReason(rule, event);
        if (skipped !== undefined) {
          this.stats.skipped[skipped] += 1;
          options.onSkipped?.(rule, skipped, event);
          // Without a throttle key the event still counts; its alert goes out unthrottled.
          if (skipped !== 'throttle.key') continue;
        }
        pending.push(this.handle(rule, event).then((handled) => ({ rule, repeat, handled })));
      }
    }
    const candidates: AlertCandidate[] = [];
    // Groups evicted per rule, counted per call, so concurrent batches on one Evaluator never mix them.
    const evicted = new Map<RuleDefinition, number>();
    for (const { rule, repeat, handled } of await Promise.all(pending)) {
      if (handled.evicted !== undefined) evicted.set(rule, (evicted.get(rule) ?? 0) + handled.evicted);
      if (handled.status === 'replayed' && repeat) {
        this.stats.duplicates += 1;
        continue;
      }
      this.count(handled);
      if (handled.candidate !== undefined) candidates.push(handled.candidate);
    }
    for (const [rule, count] of evicted) {
      this.stats.evicted += count;
      options.onEvicted?.(rule, count);
    }
    return candidates;
  }

  /**
   * Absence rules at `now` (the newest event time seen, or a wall clock the worker passes): the groups
   * that start firing, each once until it resolves. Spike rules: the windows that closed by `now` and
   * spike (see aggregations/spike.ts). Negative sequence rules: the waits whose absent window closed
   * (each once, see aggregations/sequence.ts). A tick at the same `now` again also returns,
   * identical ('replayed'), the still-firing groups the earlier one fired: so keep `now` in the tick
   * job (a retry then re-emits what the lost attempt marked), and tick each `now` once otherwise (e.g.
   * skip a tick when the watermark has not moved), or every such tick repeats those candidates.
   */
  async tick(now: number): Promise<AlertCandidate[]> {
    const pending: Array<Promise<Array<Handled<AlertCandidate>>>> = [];
    for (const rule of this.rules) {
      if (rule.enabled && rule.aggregate?.kind === 'absence')
        pending.push(tickAbsence(rule, rule.aggregate, now, this.context));
      if (rule.enabled && rule.aggregate?.kind === 'sequence' && rule.aggregate.absent !== undefined)
        pending.push(tickSequence(rule, rule.aggregate, now, this.context));
      if (rule.enabled && rule.aggregate?.kind === 'spike')
        pending.push(tickSpike(rule, rule.aggregate, now, this.context));
    }
    const candidates: AlertCandidate[] = [];
    for (const handled of (await Promise.all(pending)).flat()) {
      this.count(handled);
      if (handled.candidate !== undefined) candidates.push(handled.candidate);
    }
    return candidates;
  }

  private handle(rule: RuleDefinition, event: AuditEvent): Promise<HandledEvent<AlertCandidate>> {
    const context = this.context;
    const aggregate = rule.aggregate;
    switch (aggregate?.kind) {
      case undefined:
        return handleEachMatch(rule, event, context);
      case 'count':
        return handleCount(rule, aggregate, event, context);
      case 'distinct':
        return handleDistinct(rule, aggregate, event, context);
      case 'first-seen':
        return handleFirstSeen(rule, aggregate, event, context);
      case 'absence':
        return handleAlive(rule, aggregate, event, context);
      case 'sequence':
        return handleSequence(rule, aggregate, this.sequencePredicates(rule.id, aggregate), event, context);
      case 'spike':
        return handleSpike(rule, aggregate, event, context);
    }
  }

  private sequencePredicates(
    ruleId: string,
    aggregate: Extract<RuleDefinition['aggregate'], { kind: 'sequence' }>,
  ): SequencePredicates {
    let predicates = this.sequences.get(ruleId);
    if (predicates === undefined) {
      predicates = { steps: aggregate.steps.map((step) => this.compile(step.match)) };
      if (aggregate.absent !== undefined) predicates.absent = this.compile(aggregate.absent.match);
      this.sequences.set(ruleId, predicates);
    }
    return predicates;
  }

  private count(handled: Handled<AlertCandidate>): void {
    switch (handled.status) {
      case 'duplicate':
        this.stats.duplicates += 1;
        break;
      case 'late':
        this.stats.late += 1;
        break;
      case 'suppressed':
        this.stats.suppressed += 1;
        break;
      case 'alert':
        this.stats.alerts += 1;
        break;
      case 'resolved':
        this.stats.resolved += 1;
        break;
      case 'replayed':
        this.stats.replayed += 1;
        break;
      case 'quiet':
        break;
    }
  }
}
