import type { AuditEvent } from '@b2c-alerts/audit-client';
import { chooseFact } from '../fact-choice.js';
import { boundGroupValue, factText, groupKey } from '../group-key.js';
import type { Aggregate, AlertCandidate, FactChoice, RuleDefinition } from '../../rule-set/rule-definition.js';
import { throttleFor } from '../throttle.js';
import { claimRetentionMs, stateBounds, type AggregationContext, type HandledEvent } from './aggregation-context.js';
import { firedOnEvent } from './fired-on-event.js';

export type DistinctAggregate = Extract<Aggregate, { kind: 'distinct' }>;

/**
 * distinct: at least `threshold` distinct values of `field` per group in a sliding window. Events whose
 * `field` is missing (or '') are skipped by the evaluator (see skip-reason.ts) and never get here. With
 * fallbacks the value counted is `<fact>=<value>`, named after the fact that supplied it (unless the
 * entry has `as`), so `alice` as a sign-in name and as an object id are two values, as in group keys.
 *
 * The store keeps, per group, each value with the time it was last seen, trimmed to the window ending
 * at the group's newest event, and evaluates that window. For input in order this is the window ending
 * at each event, as in count; the group fires when it reaches the threshold and re-arms once the window
 * has fully slid past the previous alert (newest time >= alert time + windowMs); a throttle applies on
 * top. Bound: a late event counts only in the window ending at the group's newest event: if it falls
 * before that window it is ignored (status 'late'), and a threshold that would only have been reached
 * in an earlier window ending between the late event and the newest one is missed. Events more than
 * windowMs + latenessMs (+ the throttle period) behind the rule's newest event are 'late' too.
 *
 * The alert: count = distinct values, firstTime = oldest last-seen time in the window, lastTime = the
 * window end, eventIds = the newest event of each value (oldest value first, `maxEventIds` at most),
 * topValues = the values with most events since they last entered the window.
 */
export async function handleDistinct(
  rule: RuleDefinition,
  aggregate: DistinctAggregate,
  event: AuditEvent,
  context: AggregationContext,
): Promise<HandledEvent<AlertCandidate>> {
  const group = groupKey(rule.id, aggregate.groupBy, event);
  const throttle = throttleFor(rule, event, context);
  const value = distinctValue(aggregate.field, event);
  const outcome = await context.store.recordDistinct({
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
    value,
    maxEventIds: context.maxEventIds,
  });
  if ((outcome.status !== 'alert' && outcome.status !== 'replayed') || outcome.summary === undefined) {
    return { status: outcome.status, evicted: outcome.evicted };
  }
  return firedOnEvent(rule, group, event, outcome, outcome.summary);
}

/** The value `field` counts on `event` (bounded like group values), or undefined when it has none. */
function distinctValue(field: FactChoice, event: AuditEvent): string | undefined {
  const chosen = chooseFact(field, event);
  if (chosen === undefined) return undefined;
  const value = boundGroupValue(factText(chosen.value));
  // Fact names hold no '=', so the first '=' ends the name and no value can pass for another fact's.
  return typeof field === 'string' || field.as !== undefined ? value : `${chosen.name}=${value}`;
}
