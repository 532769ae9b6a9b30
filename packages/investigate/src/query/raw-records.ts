import { join, resolve } from 'node:path';
import { readArchivePart, type DirectoryAudit } from '@b2c-alerts/audit-client';
import type { EventRow } from '../rows/event-row.js';
import { dayOfUs } from './search-events.js';

/**
 * The raw Graph records of `rows`, read from their parts (the index keeps where each record is, not
 * the record: the parts stay the one copy). Each part is read once, in file order; a record whose
 * part is gone or unreadable is missing from the map, and the caller says so.
 */
export async function readRawRecords(
  archiveDir: string,
  rows: readonly EventRow[],
): Promise<Map<string, DirectoryAudit>> {
  const wanted = new Map<string, Set<string>>();
  for (const row of rows) {
    const file = join(resolve(archiveDir), dayOfUs(row.timeUs), row.part);
    let ids = wanted.get(file);
    if (!ids) wanted.set(file, (ids = new Set()));
    ids.add(row.id);
  }
  const found = new Map<string, DirectoryAudit>();
  for (const [file, ids] of wanted) {
    let left = ids.size;
    try {
      for await (const raw of readArchivePart(file)) {
        if (!ids.has(raw.id) || found.has(raw.id)) continue;
        found.set(raw.id, raw);
        if (--left === 0) break;
      }
    } catch {
      // gone or damaged since it was indexed: those records are reported missing
    }
  }
  return found;
}
