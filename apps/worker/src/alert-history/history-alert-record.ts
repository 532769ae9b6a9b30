import type { Alert } from '@b2c-alerts/notify';
import { groupHash } from '../alerts/group-hash.js';
import type { AlertJobData } from '../queues/queues.js';
import { maxHistoryEventIds, type AlertHistoryState, type StoredAlertRecord } from './alert-history-record.js';

/** Graph's event ids are short; a longer one (a hostile archive or emulator) is cut, not stored whole. */
const maxEventIdLength = 200;

/** The history record of an alert the alerts stage routed, silenced or found no route for. */
export function historyAlertRecord(
  alert: Alert,
  data: AlertJobData,
  outcome: { state: AlertHistoryState; silenceId?: string; routes: string[]; channels: string[] },
): Omit<StoredAlertRecord, 'raisedAt'> {
  const { candidate } = data;
  return {
    id: alert.id,
    ruleId: alert.ruleId,
    title: alert.title,
    severity: alert.severity,
    tenant: alert.tenant ?? data.tenant,
    group: alert.groupKey,
    groupHash: groupHash(data.tenant, candidate.groupKey),
    count: alert.count,
    eventIds: candidate.eventIds.slice(0, maxHistoryEventIds).map((id) => id.slice(0, maxEventIdLength)),
    eventCount: Math.max(candidate.eventIds.length, alert.eventIds.length),
    firstEventAt: isoUtc(alert.firstTime),
    lastEventAt: isoUtc(alert.lastTime),
    ruleSetVersion: data.ruleSetVersion,
    state: outcome.state,
    ...(outcome.silenceId === undefined ? {} : { silenceId: outcome.silenceId }),
    routes: outcome.routes,
    channels: outcome.channels,
  };
}

/** An event time as ISO UTC; text that is no time stays as it is (it is bounded already). */
function isoUtc(time: string): string {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? time : new Date(ms).toISOString();
}
