import { join } from 'node:path';
import { listArchiveDays, type ArchiveDay } from '../archive/archive-days.js';
import { fileIntact } from '../index/index-archive.js';
import { indexDirectoryName, readDayManifest, sameParts } from '../index/day-manifest.js';

/** Why a day is answered from its raw parts instead of the index. */
export type RawReason = 'open' | 'missing' | 'stale' | 'corrupt';

export type DayPlan =
  | { day: string; source: 'index'; file: string | null; archiveDay: ArchiveDay }
  | { day: string; source: 'raw'; reason: RawReason; archiveDay: ArchiveDay };

/** A part left out of the answer because it cannot be read, with the reader's reason. */
export interface SkippedPartNotice {
  file: string;
  reason: string;
}

/**
 * Which source answers each day of the archive between two UTC days, newest first: the index when its
 * manifest records exactly the parts on disk and its file is whole; the raw parts otherwise, and
 * always for the open day (`today`). Parts the index build could not read are reported as skipped.
 */
export async function planDays(
  archiveDir: string,
  range: { fromDay?: string; toDay?: string; today: string },
): Promise<{ days: DayPlan[]; skipped: SkippedPartNotice[] }> {
  const indexDir = join(archiveDir, indexDirectoryName);
  const days: DayPlan[] = [];
  const skipped: SkippedPartNotice[] = [];
  const listRange = {
    ...(range.fromDay === undefined ? {} : { fromDay: range.fromDay }),
    ...(range.toDay === undefined ? {} : { toDay: range.toDay }),
  };
  for (const archiveDay of await listArchiveDays(archiveDir, listRange)) {
    const { day } = archiveDay;
    if (day >= range.today) {
      days.push({ day, source: 'raw', reason: 'open', archiveDay });
      continue;
    }
    const manifest = await readDayManifest(indexDir, day);
    if (!manifest) {
      days.push({ day, source: 'raw', reason: 'missing', archiveDay });
    } else if (!sameParts(manifest, archiveDay.parts)) {
      days.push({ day, source: 'raw', reason: 'stale', archiveDay });
    } else if (!(await fileIntact(indexDir, manifest))) {
      days.push({ day, source: 'raw', reason: 'corrupt', archiveDay });
    } else {
      const file = manifest.file === null ? null : join(indexDir, manifest.file);
      days.push({ day, source: 'index', file, archiveDay });
      for (const s of manifest.skipped) skipped.push({ file: join(archiveDay.dir, s.name), reason: s.reason });
    }
  }
  return { days, skipped };
}
