import type { AuditEvent } from '@b2c-alerts/audit-client';
import type { EventPredicate } from '../../conditions/compile-condition.js';
import { getFact } from '../../conditions/facts.js';
import { boundGroupValue, factText, groupKey, type GroupKey } from '../group-key.js';
import type { AlertCandidate, RuleDefinition, SequenceAggregate } from '../../rule-set/rule-definition.js';
import type { StepWindow } from '../../state/state-store.js';
import { throttleFor } from '../throttle.js';
import { claimRetentionMs, stateBounds, type AggregationContext } from './aggregation-context.js';
import type { Handled, HandledEvent } from './aggregation-context.js';
import { alertCandidate } from './alert-candidate.js';

/** A sequence rule's compiled step conditions (and absent condition), in step order. */
export interface SequencePredicates {
  steps: EventPredicate[];
  absent?: EventPredicate;
}

/**
 * sequence: ordered steps on one group (the `groupBy` facts) within `windowMs`. The rule's `match`
 * selects the events the sequence looks at; an event counts for each step whose own `match` it also
 * meets (for a `distinct` step only when it has the fact), and may count for several.
 *
 * Reference semantics (events of a group in (time, id) order, ids by code point): a sequence is, for
 * steps 1..n, sets of events E1 < E2 < ... < En (every event of a step before every event of the
 * next) where Ei holds `threshold` events of step i (distinct values of its `distinct` fact) spanning
 * less than the step's window, and the whole spans less than windowMs (last event of En minus first of
 * E1). The sequence completes at its last event. The rule fires at the earliest completion, and then
 * starts over with the events after it: one alert per completed sequence, however many more events of
 * the last step follow (the copies B2C logs of one operation, a second token). The alert lists each
 * step's events (`steps`; a distinct step the newest event of each value) and, in order, all of them
 * (eventIds, `maxEventIds` at most); count = the steps' counts added up; firstTime = the first event,
 * lastTime = the completion; `event` = the event that completed it (the late event when a late event
 * did). A throttle applies on top, at the completion's time.
 *
 * Negative form (`absent`): the steps completing at c open a wait; the wait ends quietly at the first
 * absent event in (c, c + absent window], and the sequence starts over after that event; otherwise it
 * fires once on the first tick at or after c + window (status 'firing', lastTime = that close, no
 * `event`) and starts over after the close. Steps completing while a wait runs are absorbed by it.
 * Ticks judge with what has arrived: an absent event in the window that arrives after the tick fired
 * resolves the alert (status 'resolved' on that event, firstTime as the firing's, lastTime and eventIds
 * the event). Not throttled (one alert per wait). A tick at the same `now` again re-emits the waits it
 * fired, identical ('replayed'), as absence's tick does; bound: a wait resolved or no longer resolvable
 * (its close more than latenessMs behind the group's newest event) between the two is not re-emitted.
 *
 * Out of order: an event more than `latenessMs` behind the newest event of its group (or more than
 * the window + lateness + throttle period behind the rule's newest, where its id is no longer
 * remembered) is ignored ('late'). Input in (time, id) order gives exactly the reference alerts. A late
 * event is recorded and the completions it can make are searched (the last-step events from it on, less
 * than a window after it), earliest first, so it raises the alert of the earliest sequence it
 * completes; bounds: an alert already raised is never moved, and a sequence must lie after the group's
 * last completion (positive form) or the end of its last wait (negative form), so a late event cannot
 * raise a sequence that ends before an alert already raised; a late absent event in the window of a
 * wait that already closed without firing cancels that wait, and the events that window absorbed stay
 * absorbed.
 *
 * Idempotent per event id (claims, and each step's own record of its events); an event that raised an
 * alert (or resolved one) replays it (see StateStore).
 */
export async function handleSequence(
  rule: RuleDefinition,
  aggregate: SequenceAggregate,
  predicates: SequencePredicates,
  event: AuditEvent,
  context: AggregationContext,
): Promise<HandledEvent<AlertCandidate>> {
  const group = groupKey(rule.id, aggregate.groupBy, event);
  const values = aggregate.steps.map((step) =>
    step.distinct === undefined ? '' : boundGroupValue(factText(getFact(event, step.distinct))),
  );
  const matches = aggregate.steps.map(
    (step, i) => predicates.steps[i]?.(event) === true && (step.distinct === undefined || values[i] !== ''),
  );
  const negative = aggregate.absent !== undefined;
  // The negative form fires on ticks, once per wait: throttles apply to the positive form only.
  const throttle = negative ? undefined : throttleFor(rule, event, context);
  const outcome = await context.store.recordSequence({
    ruleId: rule.id,
    ...stateBounds(rule, context),
    eventId: event.id,
    time: event.timestamp,
    claimRetentionMs: claimRetentionMs(context, spanMs(aggregate), throttle?.forMs),
    ttlMs: sequenceTtlMs(aggregate, context),
    throttle,
    groupKey: group.key,
    groupValues: group.values,
    windowMs: aggregate.windowMs,
    latenessMs: context.latenessMs,
    steps: aggregate.steps.map((step) => ({
      threshold: step.threshold,
      windowMs: step.windowMs,
      distinct: step.distinct !== undefined,
    })),
    matches,
    values: matches.map((counts, i) => (counts ? (values[i] ?? '') : '')),
    absentWindowMs: aggregate.absent?.windowMs,
    absent: predicates.absent?.(event) === true,
    waitsTtlMs: waitsTtlMs(aggregate, context),
    maxEventIds: context.maxEventIds,
  });
  const evicted = outcome.evicted;
  if (outcome.status !== 'alert' && outcome.status !== 'replayed') return { status: outcome.status, evicted };
  const { fired } = outcome;
  const status = outcome.status === 'replayed' ? 'replayed' : fired.state === 'resolved' ? 'resolved' : 'alert';
  if (fired.state === 'resolved') {
    const candidate = alertCandidate(rule, {
      groupKey: group.key,
      groupValues: group.values,
      count: 1,
      firstTime: fired.steps[0]?.firstTime ?? event.timestamp,
      lastTime: event.timestamp,
      eventIds: [event.id],
      event,
      suppressed: 0,
      status: 'resolved',
    });
    return { status, evicted, candidate: withSteps(candidate, aggregate, fired.steps) };
  }
  const last = fired.steps[fired.steps.length - 1];
  return {
    status,
    evicted,
    candidate: sequenceCandidate(rule, aggregate, group, fired.steps, {
      lastTime: last?.lastTime ?? event.timestamp,
      event,
      suppressed: fired.suppressed,
      maxEventIds: context.maxEventIds,
    }),
  };
}

/**
 * The waits of a negative sequence rule whose absent window closed by `now` with no absent event, in
 * group key order; with them (status 'replayed') those an earlier tick at this same `now` fired.
 */
export async function tickSequence(
  rule: RuleDefinition,
  aggregate: SequenceAggregate,
  now: number,
  context: AggregationContext,
): Promise<Array<Handled<AlertCandidate>>> {
  const firings = await context.store.checkSequences({
    ruleId: rule.id,
    now,
    latenessMs: context.latenessMs,
    ttlMs: waitsTtlMs(aggregate, context),
  });
  return firings.map((firing) => ({
    status: firing.replayed === true ? 'replayed' : 'alert',
    candidate: sequenceCandidate(rule, aggregate, { key: firing.groupKey, values: firing.groupValues }, firing.steps, {
      lastTime: firing.close,
      suppressed: 0,
      maxEventIds: context.maxEventIds,
    }),
  }));
}

function sequenceCandidate(
  rule: RuleDefinition,
  aggregate: SequenceAggregate,
  group: GroupKey,
  steps: StepWindow[],
  o: { lastTime: number; event?: AuditEvent; suppressed: number; maxEventIds: number },
): AlertCandidate {
  const candidate = alertCandidate(rule, {
    groupKey: group.key,
    groupValues: group.values,
    count: steps.reduce((sum, step) => sum + step.count, 0),
    firstTime: steps[0]?.firstTime ?? o.lastTime,
    lastTime: o.lastTime,
    eventIds: steps.flatMap((step) => step.eventIds).slice(0, o.maxEventIds),
    ...(o.event === undefined ? {} : { event: o.event }),
    suppressed: o.suppressed,
    status: 'firing',
  });
  return withSteps(candidate, aggregate, steps);
}

function withSteps(candidate: AlertCandidate, aggregate: SequenceAggregate, steps: StepWindow[]): AlertCandidate {
  candidate.steps = steps.map((step, i) => ({
    name: aggregate.steps[i]?.name ?? `step-${i + 1}`,
    count: step.count,
    firstTime: new Date(step.firstTime).toISOString(),
    lastTime: new Date(step.lastTime).toISOString(),
    eventIds: step.eventIds,
  }));
  return candidate;
}

/** The longest time a sequence's state matters for: the window, or the absent window after it. */
function spanMs(aggregate: SequenceAggregate): number {
  return Math.max(aggregate.windowMs, aggregate.absent?.windowMs ?? 0);
}

function sequenceTtlMs(aggregate: SequenceAggregate, context: AggregationContext): number {
  return 2 * spanMs(aggregate) + context.latenessMs;
}

/** Waits outlive their group's events (a tick may come late, or a rule test tick hours later), as absence groups do. */
function waitsTtlMs(aggregate: SequenceAggregate, context: AggregationContext): number {
  return sequenceTtlMs(aggregate, context) + context.forgetAfterMs;
}
