import { csvRecord } from '@b2c-alerts/investigate';
import type { AlertHistoryRecord } from '@b2c-alerts/worker';
import { deliverySummary } from './delivery-summary.js';

const header = [
  'raisedAt',
  'id',
  'ruleId',
  'severity',
  'title',
  'tenant',
  'group',
  'count',
  'eventCount',
  'firstEventAt',
  'lastEventAt',
  'state',
  'silenceId',
  'routes',
  'channels',
  'delivery',
  'eventIds',
];

/** The CSV header record. */
export function alertsCsvHeader(): string {
  return csvRecord(header);
}

/** One alert as a CSV record (RFC 4180, formula cells neutralised by csvCell); lists joined by spaces. */
export function alertCsvRecord(a: AlertHistoryRecord): string {
  return csvRecord([
    a.raisedAt,
    a.id,
    a.ruleId,
    a.severity,
    a.title,
    a.tenant,
    a.group,
    String(a.count),
    String(a.eventCount),
    a.firstEventAt,
    a.lastEventAt,
    a.state,
    a.silenceId,
    a.routes.join(' '),
    a.channels.join(' '),
    deliverySummary(a),
    a.eventIds.join(' '),
  ]);
}
