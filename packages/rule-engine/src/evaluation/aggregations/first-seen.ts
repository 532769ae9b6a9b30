import type { AuditEvent } from '@b2c-alerts/audit-client';
import { groupKey } from '../group-key.js';
import type { Aggregate, AlertCandidate, RuleDefinition } from '../../rule-set/rule-definition.js';
import { throttleFor } from '../throttle.js';
import { claimRetentionMs, stateBounds, type AggregationContext, type HandledEvent } from './aggregation-context.js';
import { firedOnEvent } from './fired-on-event.js';

export type FirstSeenAggregate = Extract<Aggregate, { kind: 'first-seen' }>;

/**
 * first-seen: a value of the `groupBy` facts that was not seen before, after a learning period.
 *
 * The baseline starts at the earliest event time the rule has seen (kept in the store, so it survives
 * restarts and is shared by workers on one Redis). Values seen before baseline + learningMs are learned
 * silently; after that, a value never seen (or not seen for `forgetAfterMs`) fires once and is learned.
 * When the rule has seen nothing for `forgetAfterMs`, everything learned is forgotten and learning
 * starts over at the next event (rather than every value then firing).
 * Events whose groupBy facts are all missing are skipped by the evaluator (see skip-reason.ts). A
 * throttle applies on top.
 * Bound for late events: a value that fired and later turns out to have been seen earlier (a late
 * event) stays fired; a late event that moves the baseline earlier ends learning earlier, but never
 * turns values already learned into alerts.
 */
export async function handleFirstSeen(
  rule: RuleDefinition,
  aggregate: FirstSeenAggregate,
  event: AuditEvent,
  context: AggregationContext,
): Promise<HandledEvent<AlertCandidate>> {
  const group = groupKey(rule.id, aggregate.groupBy, event);
  const throttle = throttleFor(rule, event, context);
  const outcome = await context.store.recordFirstSeen({
    ruleId: rule.id,
    ...stateBounds(rule, context),
    eventId: event.id,
    time: event.timestamp,
    claimRetentionMs: claimRetentionMs(context, 0, rule.throttle?.forMs),
    ttlMs: Math.max(aggregate.learningMs, context.forgetAfterMs) + context.latenessMs,
    throttle,
    groupKey: group.key,
    learningMs: aggregate.learningMs,
    forgetAfterMs: context.forgetAfterMs,
  });
  if (outcome.status !== 'alert' && outcome.status !== 'replayed')
    return { status: outcome.status, evicted: outcome.evicted };
  return firedOnEvent(rule, group, event, outcome);
}
