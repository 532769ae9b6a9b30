import { isoMicros, type EventRow } from '@b2c-alerts/investigate';
import { fitTable, type TableColumn } from '../text/fit-table.js';

const columns: TableColumn<EventRow>[] = [
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

/** The rows as a table that fits `width` columns, cells escaped and cut (text/fit-table.ts). */
export function formatEventsTable(rows: readonly EventRow[], width: number): string {
  return fitTable(columns, rows, width);
}
