import type { AlertHistoryRecord } from '@b2c-alerts/worker';
import { escapeControlChars } from '../text/escape-control-chars.js';
import { deliverySummary } from './delivery-summary.js';

interface Column {
  title: string;
  of: (alert: AlertHistoryRecord) => string;
  /** Never narrower than this. */
  min: number;
}

const columns: Column[] = [
  { title: 'RAISED (UTC)', of: (a) => a.raisedAt, min: 24 },
  { title: 'SEVERITY', of: (a) => a.severity, min: 8 },
  { title: 'RULE', of: (a) => a.ruleId, min: 10 },
  { title: 'TITLE', of: (a) => a.title, min: 10 },
  { title: 'GROUP', of: (a) => a.group, min: 8 },
  { title: 'COUNT', of: (a) => String(a.count), min: 5 },
  { title: 'DELIVERY', of: deliverySummary, min: 8 },
  { title: 'ID', of: (a) => a.id, min: Number.POSITIVE_INFINITY }, // kept whole: the console's link takes it
];

/** Widest a cell is ever made, whatever the terminal: titles and group values are event text. */
const maxCell = 80;

function cell(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

/**
 * The alerts as a table that fits `width` columns: each column as wide as its widest cell (at most 80),
 * then the widest narrowed until the line fits or every column is at its minimum. Every cell is one
 * line of escaped text (controls and bidi marks as \uXXXX).
 */
export function formatAlertsTable(alerts: readonly AlertHistoryRecord[], width: number): string {
  const texts = alerts.map((a) => columns.map((c) => escapeControlChars(c.of(a).slice(0, maxCell * 8))));
  const widths = columns.map((c, i) => Math.min(maxCell, Math.max(c.title.length, ...texts.map((t) => t[i]!.length))));
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  while (total() > width) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if (widths[i]! > columns[i]!.min && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    }
    if (widest < 0) break;
    widths[widest] = widths[widest]! - 1;
  }
  const line = (cells: string[]) =>
    cells
      .map((c, i) => cell(c, widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), ...texts.map(line)].join('\n') + '\n';
}
