import type { EventRow } from '../rows/event-row.js';
import { wellFormedText } from '../rows/well-formed.js';
import { EventSearch, type SearchOptions, type SearchSources } from './search-events.js';

export interface FindEventOptions extends Omit<SearchOptions, 'filter' | 'limit'> {
  /** The event id, exact. */
  id: string;
}

/**
 * One event by id: days newest first, each by its index when current (one id lookup) or its raw parts,
 * stopping at the first day that holds it. `sources` names only the days asked.
 */
export async function findEvent(options: FindEventOptions): Promise<{ row?: EventRow; sources: SearchSources }> {
  const { id, ...rest } = options;
  // A lone surrogate in the id is U+FFFD in the rows (rows/well-formed.ts).
  const search = new EventSearch({ ...rest, filter: { ids: [wellFormedText(id)] }, limit: 1 });
  for await (const batch of search.batches()) {
    if (batch[0]) return { row: batch[0], sources: search.sources };
  }
  return { sources: search.sources };
}
