import type { AlertHistory as ConsoleAlertHistory, AlertRecordJson } from '@b2c-alerts/console';
import type { AlertHistory } from '../alert-history/alert-history.js';
import type { AlertHistoryRecord } from '../alert-history/alert-history-record.js';

/** The worker's alert history as the console reads it: its records and `next` cursor in the console's shape. */
export function consoleAlertHistory(history: AlertHistory): ConsoleAlertHistory {
  return {
    async list(query) {
      const page = await history.list(query);
      return { alerts: page.alerts.map(toConsoleRecord), nextCursor: page.next ?? null };
    },
    async get(id) {
      const record = await history.get(id);
      return record ? toConsoleRecord(record) : undefined;
    },
  };
}

function toConsoleRecord(r: AlertHistoryRecord): AlertRecordJson {
  return {
    id: r.id,
    ruleId: r.ruleId,
    title: r.title,
    severity: r.severity,
    tenant: r.tenant,
    group: r.group,
    count: r.count,
    eventIds: r.eventIds,
    firstEventAt: r.firstEventAt,
    lastEventAt: r.lastEventAt,
    raisedAt: r.raisedAt,
    state: r.state,
    channels: r.channels,
    deliveries: r.deliveries.map((d) => ({
      route: d.route,
      channel: d.channel,
      state: d.state,
      at: d.at,
      attempts: d.attempts,
      ...(d.error === undefined ? {} : { error: d.error }),
    })),
  };
}
