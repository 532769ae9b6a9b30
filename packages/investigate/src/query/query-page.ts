import { EventSearch, maxQueryRows, type SearchOptions, type SearchSources } from './search-events.js';
import type { EventRow } from '../rows/event-row.js';

export interface EventPage {
  /** At most `limit` rows, newest first. */
  rows: EventRow[];
  /** More rows match than were returned. */
  more: boolean;
  sources: SearchSources;
}

/** One page of matching rows, newest first, and whether more match (one row more is asked for). */
export async function queryEvents(options: SearchOptions): Promise<EventPage> {
  const search = new EventSearch({ ...options, limit: Math.min(options.limit + 1, maxQueryRows) });
  const rows: EventRow[] = [];
  for await (const batch of search.batches()) rows.push(...batch);
  const more = rows.length > options.limit;
  return { rows: more ? rows.slice(0, options.limit) : rows, more, sources: search.sources };
}
