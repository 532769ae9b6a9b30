import type { AlertHistoryRecord } from '@b2c-alerts/worker';
import { fitTable, type TableColumn } from '../text/fit-table.js';
import { deliverySummary } from './delivery-summary.js';

const columns: TableColumn<AlertHistoryRecord>[] = [
  { title: 'RAISED (UTC)', of: (a) => a.raisedAt, min: 24 },
  { title: 'SEVERITY', of: (a) => a.severity, min: 8 },
  { title: 'RULE', of: (a) => a.ruleId, min: 10 },
  { title: 'TITLE', of: (a) => a.title, min: 10 },
  { title: 'GROUP', of: (a) => a.group, min: 8 },
  { title: 'COUNT', of: (a) => String(a.count), min: 5 },
  { title: 'DELIVERY', of: deliverySummary, min: 8 },
  { title: 'ID', of: (a) => a.id, min: Number.POSITIVE_INFINITY }, // kept whole: the console's link takes it
];

/** The alerts as a table that fits `width` columns, cells escaped and cut (text/fit-table.ts). */
export function formatAlertsTable(alerts: readonly AlertHistoryRecord[], width: number): string {
  return fitTable(columns, alerts, width);
}
