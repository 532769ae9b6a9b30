import type { AuditEvent } from '@b2c-alerts/audit-client';
import { formatGroupKey, groupKey } from '../group-key.js';
import type { Aggregate, AlertCandidate, RuleDefinition } from '../../rule-set/rule-definition.js';
import { claimRetentionMs, stateBounds, type AggregationContext } from './aggregation-context.js';
import type { Handled, HandledEvent } from './aggregation-context.js';
import { alertCandidate } from './alert-candidate.js';

export type AbsenceAggregate = Extract<Aggregate, { kind: 'absence' }>;

/**
 * absence: a group with no matching event for `windowMs`. The rule's `match` selects the events that
 * count as "alive"; `groupBy` splits them (a rule without groupBy has one group: everything the
 * evaluator sees, i.e. the tenant when, as in the worker, one evaluator serves one tenant; add
 * `groupBy: [tenant]` otherwise).
 *
 * `tick(now)` fires a group once (status 'firing') when its newest matching event is at or before
 * now - windowMs. A rule without groupBy is watched from its first tick on (the first tick's `now` is
 * kept in the store, so restarts and other workers continue the same watch): it also fires when no
 * event ever matched. A grouped rule knows only the groups it has seen an event of. A firing group
 * resolves (status 'resolved', on the event that ends it) when an event arrives that is newer than
 * firedAt - windowMs, i.e. one that shows the silence was shorter than windowMs or has ended; an older
 * late event leaves it firing. Firing groups silent for `forgetAfterMs` are forgotten. Bound: ticks
 * judge with what has arrived; tick with the event-time watermark or a wall clock minus the poll delay,
 * and a late event that arrives after a tick fired resolves the alert rather than preventing it.
 *
 * Retries: a tick at the same `now` as an earlier one returns again (status 'replayed', identical
 * candidates) the groups that one fired, so a tick job retried after a crash re-emits what it marked;
 * the job must therefore carry its `now` rather than read a clock when it runs. Bound: a group that
 * resolved (or was forgotten) between the two ticks is not re-emitted; its 'resolved' candidate carries
 * the silence (firstTime = silence start). A resolving event replays its 'resolved' candidate like any
 * alert (see StateStore).
 */
export async function handleAlive(
  rule: RuleDefinition,
  aggregate: AbsenceAggregate,
  event: AuditEvent,
  context: AggregationContext,
): Promise<HandledEvent<AlertCandidate>> {
  const group = groupKey(rule.id, aggregate.groupBy, event);
  const outcome = await context.store.recordAlive({
    ruleId: rule.id,
    ...stateBounds(rule, context),
    eventId: event.id,
    time: event.timestamp,
    claimRetentionMs: claimRetentionMs(context, aggregate.windowMs),
    ttlMs: absenceTtlMs(aggregate, context),
    groupKey: group.key,
    groupValues: group.values,
    windowMs: aggregate.windowMs,
  });
  if (outcome.status !== 'resolved' && outcome.status !== 'replayed')
    return { status: outcome.status, evicted: outcome.evicted };
  return {
    status: outcome.status,
    evicted: outcome.evicted,
    candidate: alertCandidate(rule, {
      groupKey: group.key,
      groupValues: group.values,
      count: 1,
      firstTime: outcome.silenceStart,
      lastTime: event.timestamp,
      eventIds: [event.id],
      event,
      suppressed: 0,
      status: 'resolved',
    }),
  };
}

/**
 * The groups of `rule` that start firing at `now`, ordered by group key; with them (status 'replayed'),
 * the still-firing groups that an earlier tick at this same `now` fired, as identical candidates.
 */
export async function tickAbsence(
  rule: RuleDefinition,
  aggregate: AbsenceAggregate,
  now: number,
  context: AggregationContext,
): Promise<Array<Handled<AlertCandidate>>> {
  const silences = await context.store.checkAbsence({
    ruleId: rule.id,
    now,
    windowMs: aggregate.windowMs,
    forgetAfterMs: context.forgetAfterMs,
    ttlMs: absenceTtlMs(aggregate, context),
    ungrouped: aggregate.groupBy.length === 0 ? { groupKey: formatGroupKey(rule.id, []), groupValues: {} } : undefined,
  });
  return silences
    .sort((a, b) => (a.groupKey < b.groupKey ? -1 : a.groupKey > b.groupKey ? 1 : 0))
    .map((silence) => ({
      status: silence.replayed === true ? 'replayed' : 'alert',
      candidate: alertCandidate(rule, {
        groupKey: silence.groupKey,
        groupValues: silence.groupValues,
        count: 0,
        firstTime: silence.silenceStart,
        lastTime: silence.firedAt,
        eventIds: [],
        suppressed: 0,
        status: 'firing',
      }),
    }));
}

function absenceTtlMs(aggregate: AbsenceAggregate, context: AggregationContext): number {
  return aggregate.windowMs + context.forgetAfterMs;
}
