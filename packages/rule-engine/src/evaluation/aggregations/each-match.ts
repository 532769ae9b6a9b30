import type { AuditEvent } from '@b2c-alerts/audit-client';
import { groupKey } from '../group-key.js';
import type { AlertCandidate, RuleDefinition } from '../../rule-set/rule-definition.js';
import { throttleFor } from '../throttle.js';
import { claimRetentionMs, stateBounds, type AggregationContext, type HandledEvent } from './aggregation-context.js';
import { firedOnEvent } from './fired-on-event.js';

/**
 * A rule without an aggregate alerts on every matching event, once per event id, however late it is.
 * Event ids are remembered for the throttle period + lateness behind the rule's newest event; a
 * redelivery later than that alerts again (the poller's seen store drops such redeliveries first),
 * unless the alert it raised is still recorded for replay (see StateStore), which it then replays.
 * With a throttle, once per throttle key and period (see throttle.ts); the alert's group is then the
 * throttle key, else `ruleId`.
 */
export async function handleEachMatch(
  rule: RuleDefinition,
  event: AuditEvent,
  context: AggregationContext,
): Promise<HandledEvent<AlertCandidate>> {
  const throttle = throttleFor(rule, event, context);
  const retention = claimRetentionMs(context, 0, rule.throttle?.forMs);
  const outcome = await context.store.recordMatch({
    ruleId: rule.id,
    ...stateBounds(rule, context),
    eventId: event.id,
    time: event.timestamp,
    claimRetentionMs: retention,
    ttlMs: retention,
    throttle,
  });
  if (outcome.status !== 'alert' && outcome.status !== 'replayed')
    return { status: outcome.status, evicted: outcome.evicted };
  return firedOnEvent(rule, groupKey(rule.id, rule.throttle?.key ?? [], event), event, outcome);
}
