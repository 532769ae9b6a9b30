import type { AuditEvent } from '@b2c-alerts/audit-client';
import type { AlertCandidate, RuleDefinition } from '../../rule-set/rule-definition.js';
import type { WindowSummary } from '../../state/state-store.js';
import type { GroupKey } from '../group-key.js';
import type { HandledEvent } from './aggregation-context.js';
import { alertCandidate } from './alert-candidate.js';

/**
 * The answer of an aggregation whose recorded event fired (or replays what it fired): the firing
 * candidate of the event's group, summarising the store's window, or by default the event alone.
 */
export function firedOnEvent(
  rule: RuleDefinition,
  group: GroupKey,
  event: AuditEvent,
  outcome: { status: 'alert' | 'replayed'; suppressed: number; evicted?: number },
  summary: WindowSummary = { count: 1, firstTime: event.timestamp, lastTime: event.timestamp, eventIds: [event.id] },
): HandledEvent<AlertCandidate> {
  return {
    status: outcome.status,
    evicted: outcome.evicted,
    candidate: alertCandidate(rule, {
      groupKey: group.key,
      groupValues: group.values,
      ...summary,
      event,
      suppressed: outcome.suppressed,
      status: 'firing',
    }),
  };
}
