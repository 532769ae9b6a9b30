import { join } from 'node:path';
import { readArchivePart } from '@b2c-alerts/audit-client';
import type { ArchiveDay } from '../archive/archive-days.js';
import { matchesRow } from '../filters/match-row.js';
import type { ResolvedFilter } from '../filters/resolved-filter.js';
import { compareIds } from '../rows/compare-ids.js';
import type { EventRow } from '../rows/event-row.js';
import { toEventRow } from '../rows/to-event-row.js';
import { messageOf } from './duckdb-engine.js';
import type { SkippedPartNotice } from './day-plan.js';

/** Newest first, then id descending (in the index's order: rows/compare-ids.ts): the order of every answer. */
export function newestFirst(a: EventRow, b: EventRow): number {
  if (a.timeUs !== b.timeUs) return b.timeUs - a.timeUs;
  return compareIds(b.id, a.id);
}

/**
 * Calls `onPart` with the rows of each of the day's raw parts that match `filter`. A part that cannot
 * be read whole is skipped as a whole (the index build leaves out the same parts) and reported in
 * `skipped`; the rest of the day is answered. `checkpoint` runs between parts (deadline, abort).
 */
export async function forEachRawMatch(
  day: ArchiveDay,
  filter: ResolvedFilter,
  skipped: SkippedPartNotice[],
  onPart: (rows: EventRow[]) => void,
  checkpoint: () => void = () => undefined,
): Promise<void> {
  for (const part of day.parts) {
    checkpoint();
    const file = join(day.dir, part.name);
    const fromPart: EventRow[] = [];
    try {
      for await (const raw of readArchivePart(file)) {
        const row = toEventRow(raw, { part: part.name });
        if (row && matchesRow(filter, row)) fromPart.push(row);
      }
    } catch (error) {
      skipped.push({ file, reason: messageOf(error) });
      continue;
    }
    onPart(fromPart);
  }
}

/** The newest `limit` matching rows of one day's raw parts, newest first; memory holds at most twice `limit`. */
export async function scanRawDay(
  day: ArchiveDay,
  filter: ResolvedFilter,
  limit: number,
  skipped: SkippedPartNotice[],
  checkpoint?: () => void,
): Promise<EventRow[]> {
  let kept: EventRow[] = [];
  await forEachRawMatch(
    day,
    filter,
    skipped,
    (rows) => {
      kept.push(...rows);
      if (kept.length > 2 * limit) kept = kept.sort(newestFirst).slice(0, limit);
    },
    checkpoint,
  );
  return kept.sort(newestFirst).slice(0, limit);
}
