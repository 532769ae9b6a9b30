import type { EventRow } from '../rows/event-row.js';
import { eventRowOfJson, rowsAsJsonSql } from './index-relation.js';

/** One rendered event with the order keys a search resumes from. */
export interface Projected<T> {
  timeUs: number;
  id: string;
  item: T;
}

/**
 * How a search renders events: in SQL for indexed days (a query over `events` with the WHERE clause
 * and limit placeholder given, ordered newest first, and how to read one of its rows) and in
 * TypeScript for raw days. The two must render an event alike; the tests compare them.
 */
export interface Projection<T> {
  sql(where: string, limitParam: string): string;
  ofSql(row: Record<string, unknown>): Projected<T>;
  ofRow(row: EventRow): T;
}

export const rowProjection: Projection<EventRow> = {
  sql: rowsAsJsonSql,
  ofSql: (r) => {
    const row = eventRowOfJson(r.j);
    return { timeUs: row.timeUs, id: row.id, item: row };
  },
  ofRow: (row) => row,
};
