import { join, resolve } from 'node:path';
import { readArchivePart, type DirectoryAudit } from '@b2c-alerts/audit-client';
import type { EventRow } from '../rows/event-row.js';
import { wellFormedText } from '../rows/well-formed.js';
import { dayOfUs } from './search-events.js';

export interface ReadRawRecordsOptions {
  /**
   * Runs before each part and every 1,000 records; what it throws (a search's time limit, an abort:
   * EventSearch.checkpoint) ends the read. Give the search's, so reading records stays inside its limit.
   */
  checkpoint?: () => void;
}

/**
 * The raw Graph records of `rows`, read from their parts (the index keeps where each record is, not
 * the record: the parts stay the one copy). Each part is read once, in file order, so give the rows of
 * many batches at once (a day's, say) rather than batch by batch; a record whose part is gone or
 * unreadable is missing from the map, and the caller says so.
 */
export async function readRawRecords(
  archiveDir: string,
  rows: readonly EventRow[],
  options: ReadRawRecordsOptions = {},
): Promise<Map<string, DirectoryAudit>> {
  const checkpoint = options.checkpoint ?? (() => undefined);
  const wanted = new Map<string, Set<string>>();
  for (const row of rows) {
    const file = join(resolve(archiveDir), dayOfUs(row.timeUs), row.part);
    let ids = wanted.get(file);
    if (!ids) wanted.set(file, (ids = new Set()));
    ids.add(row.id);
  }
  const found = new Map<string, DirectoryAudit>();
  for (const [file, ids] of wanted) {
    checkpoint();
    let left = ids.size;
    let read = 0;
    let stopped: { error: unknown } | undefined;
    try {
      for await (const raw of readArchivePart(file)) {
        if (++read % 1000 === 0) {
          try {
            checkpoint();
          } catch (error) {
            stopped = { error };
            break;
          }
        }
        const id = wellFormedText(raw.id); // the row's id (rows/well-formed.ts)
        if (!ids.has(id) || found.has(id)) continue;
        found.set(id, raw);
        if (--left === 0) break;
      }
    } catch {
      // gone or damaged since it was indexed: those records are reported missing
    }
    if (stopped) throw stopped.error;
  }
  return found;
}
