import type { EventRow, ResolvedFilter } from '@b2c-alerts/investigate';
import { z } from 'zod';
import { invalidParameter } from '../errors/api-error.js';

/** A page's position in newest-first order: the time and id of its last row (a keyset, not an offset). */
export interface EventCursor {
  timeUs: number;
  id: string;
}

const cursorSchema = z.tuple([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(512)]);

/** The opaque `nextCursor`: base64url of `[timeUs, id]`. */
export function encodeCursor(row: Pick<EventRow, 'timeUs' | 'id'>): string {
  return Buffer.from(JSON.stringify([row.timeUs, row.id])).toString('base64url');
}

/** The cursor of a `before` parameter; a 400 naming `before` when it is not one this server gave. */
export function decodeCursor(text: string): EventCursor {
  let parsed: unknown;
  try {
    parsed = text.length > 1024 ? undefined : JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const checked = cursorSchema.safeParse(parsed);
  if (!checked.success)
    throw invalidParameter('before', 'is not a cursor; pass the nextCursor of the previous page as it came.');
  return { timeUs: checked.data[0], id: checked.data[1] };
}

/**
 * The filter continued after `cursor`: only older rows (then smaller ids at the same time), and the
 * time range ended at the cursor so the days after it are not even listed.
 */
export function filterAfter(filter: ResolvedFilter, cursor: EventCursor | undefined): ResolvedFilter {
  if (cursor === undefined) return filter;
  const untilUs = filter.untilUs === undefined ? cursor.timeUs : Math.min(filter.untilUs, cursor.timeUs);
  return { ...filter, untilUs, before: cursor };
}
