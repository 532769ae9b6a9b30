import { isoMicros, type EventRow } from '@b2c-alerts/investigate';
import { escapeControlChars } from '../text/escape-control-chars.js';

interface Column {
  title: string;
  of: (row: EventRow) => string;
  /** Never narrower than this. */
  min: number;
}

const columns: Column[] = [
  { title: 'TIME (UTC)', of: (r) => isoMicros(r.timeUs), min: 27 },
  { title: 'CATEGORY', of: (r) => r.category, min: 8 },
  { title: 'ACTIVITY', of: (r) => r.activity ?? '', min: 12 },
  { title: 'RESULT', of: (r) => r.result ?? '', min: 7 },
  { title: 'ACTOR', of: (r) => r.actorUpn ?? r.actorName ?? r.actorSpn ?? r.actorAppId ?? r.actorId ?? '', min: 10 },
  {
    title: 'TARGET',
    of: (r) => (r.targets[0] ? (r.targets[0].upn ?? r.targets[0].displayName ?? r.targets[0].id ?? '') : ''),
    min: 8,
  },
  { title: 'IP', of: (r) => r.ip ?? '', min: 7 },
  { title: 'ID', of: (r) => r.id, min: Number.POSITIVE_INFINITY }, // kept whole: `events show` takes it
];

/** Widest a cell is ever made, whatever the terminal: event text can be 100 kB. */
const maxCell = 80;

/** One line of untrusted text for a table cell: controls and bidi marks shown as \uXXXX, cut to `width`. */
function cell(text: string, width: number): string {
  const safe = escapeControlChars(text.length > maxCell * 8 ? text.slice(0, maxCell * 8) : text);
  return safe.length <= width ? safe.padEnd(width) : `${safe.slice(0, width - 1)}…`;
}

/**
 * The rows as a table that fits `width` columns: each column as wide as its widest cell (at most 80),
 * then the widest narrowed until the line fits or every column is at its minimum.
 */
export function formatEventsTable(rows: readonly EventRow[], width: number): string {
  const texts = rows.map((row) => columns.map((c) => escapeControlChars(c.of(row).slice(0, maxCell * 8))));
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
  return (
    [line(columns.map((c) => c.title)), ...rows.map((row) => line(columns.map((c) => c.of(row))))].join('\n') + '\n'
  );
}
