import type { AuditEvent } from '@b2c-alerts/audit-client';
import { groupKey, type GroupKey } from '../group-key.js';
import type { Aggregate, AlertCandidate, RuleDefinition } from '../../rule-set/rule-definition.js';
import type { SpikeParams, SpikeWindow } from '../../state/state-store.js';
import { claimRetentionMs, stateBounds, type AggregationContext } from './aggregation-context.js';
import type { Handled, HandledEvent } from './aggregation-context.js';
import { alertCandidate } from './alert-candidate.js';

export type SpikeAggregate = Extract<Aggregate, { kind: 'spike' }>;

/** Steps per window: windows slide by window / 12 (5 minutes for 1h). */
export const spikeStepsPerWindow = 12;

/**
 * spike: the count of matching events per group (the `groupBy` facts) in the current window against the
 * previous window of the same length (ElastAlert's spike rule, with minimum counts on both sides).
 *
 * Windows, in event time. The step is s = windowMs / 12; windows end at multiples of s (epoch ms, UTC).
 * The window ending at E holds the events with E − W <= time < E (current) and is compared with the
 * events with E − 2W <= time < E − W (previous). So windows slide in twelve steps, 5 minutes for 1h.
 * Why steps: tumbling windows (whole hours) miss a change that does not start on the hour (sign-ins
 * falling 60% at 10:30 make 10:00-11:00 30% down and 11:00-12:00 43% down, and neither fires), and
 * windows sliding with every event (ElastAlert's) need every event time of two windows per group and
 * judge a drop at whatever times the checks happen to run. Steps need one counter per step, judge
 * every window exactly once at a fixed time, and see a change at most one step late.
 *
 * Spike. Window E rises (`direction: up` or `both`) when current >= max(minCurrent, 1), previous >=
 * minPrevious and current >= ratio × previous; it drops (`down` or `both`) when previous >=
 * max(minPrevious, 1), current >= minCurrent and current × 100 <= previous × (100 − drop%). A window
 * is judged only when its previous window was watched whole: E − 2W >= the rule's watch start (its
 * earliest event or check, kept in the store), so the start of a replay, a test or a deployment never
 * compares with a baseline nobody watched (ElastAlert waits 2 × timeframe too). After that, a group
 * with no event in the previous window has previous = 0 and rises once current reaches minCurrent
 * (a new policy pumping SMS), unless minPrevious asks for a baseline.
 *
 * When. Rises fire as soon as they happen: an event judges the open windows that hold it, from the one
 * it falls in (E = the step boundary after it) to the one the group's newest event falls in, earliest
 * first, and fires the first that rises (current only grows while a window is open). Drops can only be
 * known when the window is over, so every window is judged when it closes, both ways: `tick(now)`
 * (StateStore.checkSpike) judges each group's windows that end after the last check's boundary and at
 * or before `now`, and closes them. The worker ticks every minute at the schedule time minus the poll
 * delay, `replay` every minute of event time, a rule test at its `ticks` and `tickEvery`.
 *
 * Re-arming: one alert per spike. Per group and direction, a window that spikes alerts unless an
 * alerted window of that direction ends less than W from it (they overlap): a sustained rise alerts
 * once (the window after it has the rise as its baseline), a rise that keeps growing alerts again a
 * window later. The rule's throttle is refused at load: this is the throttle.
 *
 * Lateness and order. Steps hold counts, so the order events arrive in does not change them. Events
 * more than `latenessMs` behind their group's newest event are ignored (status 'late'), as are those
 * more than 2W + lateness behind the rule's newest event (their claims are gone). A window is judged
 * once: a late event counts in the windows still open and in later ones, never revises a closed one,
 * and a window whose check comes after the group's newest event is more than the lateness past its
 * end is not judged (its steps are dropped). Bound: ticks judge what has arrived; with input in
 * (time, id) order, as replay gives it, the alerts are exactly those of the definition above; out of
 * order, a rise may be found first in a later window of the same spike, and is not moved.
 *
 * Idempotence. Steps are counters without event ids: the claim of (rule, event id) is what keeps a
 * redelivered event from counting twice. Claims live 2W + lateness behind the rule's newest event and
 * at most `maxClaims` per rule; past that cap a redelivery of an event whose claim was dropped counts
 * again (bound). An event that fired replays its alert; a tick at the same `now` replays what it
 * fired (for 2W + lateness of tick time).
 *
 * The alert: count = the current window's count when it fired, firstTime = E − W, lastTime = E for a
 * window judged when it closed, the group's newest event for a rise found while the window was open;
 * previous = { count, firstTime: E − 2W, lastTime: E − W }; the event that fired (and its id), none
 * for a tick.
 */
export async function handleSpike(
  rule: RuleDefinition,
  aggregate: SpikeAggregate,
  event: AuditEvent,
  context: AggregationContext,
): Promise<HandledEvent<AlertCandidate>> {
  const group = groupKey(rule.id, aggregate.groupBy, event);
  const outcome = await context.store.recordSpike({
    ruleId: rule.id,
    ...stateBounds(rule, context),
    eventId: event.id,
    time: event.timestamp,
    claimRetentionMs: claimRetentionMs(context, 2 * aggregate.windowMs),
    ttlMs: spikeTtlMs(aggregate, context),
    groupKey: group.key,
    groupValues: group.values,
    spike: spikeParams(aggregate),
    latenessMs: context.latenessMs,
  });
  const evicted = outcome.evicted;
  if (outcome.status !== 'alert' && outcome.status !== 'replayed') return { status: outcome.status, evicted };
  return { status: outcome.status, evicted, candidate: spikeCandidate(rule, aggregate, group, outcome.window, event) };
}

/**
 * The windows of `rule` that close by `now` and spike, ordered by window end, group key and direction;
 * with them (status 'replayed'), identical, those an earlier tick at this same `now` fired.
 */
export async function tickSpike(
  rule: RuleDefinition,
  aggregate: SpikeAggregate,
  now: number,
  context: AggregationContext,
): Promise<Array<Handled<AlertCandidate>>> {
  const alerts = await context.store.checkSpike({
    ruleId: rule.id,
    now,
    spike: spikeParams(aggregate),
    ttlMs: spikeTtlMs(aggregate, context),
    replayMs: claimRetentionMs(context, 2 * aggregate.windowMs),
  });
  return alerts
    .sort(
      (a, b) =>
        a.end - b.end ||
        (a.groupKey < b.groupKey ? -1 : a.groupKey > b.groupKey ? 1 : 0) ||
        (a.direction < b.direction ? -1 : a.direction > b.direction ? 1 : 0),
    )
    .map((alert) => ({
      status: alert.replayed === true ? 'replayed' : 'alert',
      candidate: spikeCandidate(rule, aggregate, { key: alert.groupKey, values: alert.groupValues }, alert),
    }));
}

export function spikeParams(aggregate: SpikeAggregate): SpikeParams {
  const params: SpikeParams = {
    windowMs: aggregate.windowMs,
    stepMs: aggregate.windowMs / spikeStepsPerWindow,
    minCurrent: aggregate.minCurrent,
    minPrevious: aggregate.minPrevious,
  };
  if (aggregate.direction !== 'down' && aggregate.ratio !== undefined) params.up = { ratio: aggregate.ratio };
  if (aggregate.direction !== 'up' && aggregate.dropPercent !== undefined)
    params.down = { dropPercent: aggregate.dropPercent };
  return params;
}

/**
 * A group's steps matter for two windows after its newest event (plus the lateness), and its alerts keep
 * later windows from alerting for one more.
 */
function spikeTtlMs(aggregate: SpikeAggregate, context: AggregationContext): number {
  return 3 * aggregate.windowMs + context.latenessMs;
}

function spikeCandidate(
  rule: RuleDefinition,
  aggregate: SpikeAggregate,
  group: GroupKey,
  window: SpikeWindow,
  event?: AuditEvent,
): AlertCandidate {
  const start = window.end - aggregate.windowMs;
  return alertCandidate(rule, {
    groupKey: group.key,
    groupValues: group.values,
    count: window.current,
    firstTime: start,
    lastTime: window.lastTime,
    eventIds: event === undefined ? [] : [event.id],
    ...(event === undefined ? {} : { event }),
    suppressed: 0,
    status: 'firing',
    previous: { count: window.previous, firstTime: start - aggregate.windowMs, lastTime: start },
  });
}
