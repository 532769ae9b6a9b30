import type { AuditEvent } from '@b2c-alerts/audit-client';
import { getFact } from '../../conditions/facts.js';
import { boundGroupValue, factText, groupKey } from '../group-key.js';
import type { Aggregate, AlertCandidate, RuleDefinition } from '../../rule-set/rule-definition.js';
import { throttleFor } from '../throttle.js';
import { claimRetentionMs, stateBounds, type AggregationContext, type HandledEvent } from './aggregation-context.js';
import { firedOnEvent } from './fired-on-event.js';

export type CountAggregate = Extract<Aggregate, { kind: 'count' }>;

/**
 * count: at least `threshold` matching events per group (the `groupBy` facts) in a sliding window.
 *
 * Reference semantics (events of a group in (time, id) order, ids by code point): the window ending at
 * event e holds the events f <= e with time(f) > time(e) - windowMs. The group fires at the first e
 * whose window holds >= threshold events, unless it fired at some T with |time(e) - T| < windowMs: after
 * an alert at T it re-arms once the window has fully slid past T (an event at >= T + windowMs). A
 * throttle, when the rule has one, applies on top.
 *
 * Out of order: a late event is added, and every window that now contains it (ending at it or at a
 * later event less than windowMs after it) is re-checked, earliest first. Bound: input in order gives
 * exactly the reference alerts; with late events every window that reaches the threshold has an alert
 * less than windowMs from its end and alerts stay >= windowMs apart, but an alert already raised is
 * never moved, so its time (and what it lists) may differ from the reference's. Events more than
 * `latenessMs` behind the newest event of their group, or more than windowMs + latenessMs (+ the
 * throttle period) behind the rule's newest event (where their ids are no longer remembered, so a
 * redelivery could not be told apart), are ignored (status 'late').
 *
 * The alert: count (exact), firstTime and lastTime of the window, its earliest `maxEventIds` ids, the
 * top values of the rule's first `fields` entry over the window, and `event`: the event that made it
 * fire (the late event when a late event completed an earlier window).
 */
export async function handleCount(
  rule: RuleDefinition,
  aggregate: CountAggregate,
  event: AuditEvent,
  context: AggregationContext,
): Promise<HandledEvent<AlertCandidate>> {
  const group = groupKey(rule.id, aggregate.groupBy, event);
  const throttle = throttleFor(rule, event, context);
  const field = rule.fields[0];
  const outcome = await context.store.recordCount({
    ruleId: rule.id,
    ...stateBounds(rule, context),
    eventId: event.id,
    time: event.timestamp,
    claimRetentionMs: claimRetentionMs(context, aggregate.windowMs, rule.throttle?.forMs),
    ttlMs: 2 * aggregate.windowMs + context.latenessMs,
    throttle,
    groupKey: group.key,
    windowMs: aggregate.windowMs,
    threshold: aggregate.threshold,
    latenessMs: context.latenessMs,
    value: field === undefined ? undefined : boundGroupValue(factText(getFact(event, field))),
    maxEventIds: context.maxEventIds,
  });
  if ((outcome.status !== 'alert' && outcome.status !== 'replayed') || outcome.summary === undefined) {
    return { status: outcome.status, evicted: outcome.evicted };
  }
  return firedOnEvent(rule, group, event, outcome, outcome.summary);
}
