import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { generatedArchive, type GeneratedArchive, type GeneratedArchiveOptions } from '@b2c-alerts/testkit';
import { expect } from 'vitest';
import { DuckDbEngine, indexArchive, toEventRow, type EventRow } from '../../src/index.js';
import { compareIds } from '../../src/rows/compare-ids.js';

/**
 * A generated archive indexed as the worker would at `now`, and an engine to query it. A valid archive
 * is indexed whole: a part the engine cannot derive is a bug, not damage. The caller closes both.
 */
export async function indexedArchive(
  options: GeneratedArchiveOptions,
  now: number,
): Promise<{ archive: GeneratedArchive; engine: DuckDbEngine }> {
  const archive = await generatedArchive(options);
  const built = await indexArchive({ archiveDir: archive.dir, now: () => now });
  expect(built.built.flatMap((m) => m.skipped)).toEqual([]);
  return { archive, engine: await DuckDbEngine.open() };
}

export const newestFirst = (a: EventRow, b: EventRow): number => b.timeUs - a.timeUs || compareIds(b.id, a.id);

/** Every event as the raw scan derives it (in TypeScript), in the order queries answer: newest first. */
export function rawRows(events: readonly DirectoryAudit[]): EventRow[] {
  return events
    .map((raw) => toEventRow(raw, { part: '' }))
    .filter((r): r is EventRow => r !== undefined)
    .sort(newestFirst);
}
