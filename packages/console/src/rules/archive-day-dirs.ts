import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const dayName = /^\d{4}-\d{2}-\d{2}$/;

/** The archive's day directories from `fromDay` to `toDay` (YYYY-MM-DD, inclusive), oldest first. */
export async function archiveDayDirs(archiveDir: string, fromDay: string, toDay: string): Promise<string[]> {
  const entries = await readdir(archiveDir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && dayName.test(e.name) && e.name >= fromDay && e.name <= toDay)
    .map((e) => e.name)
    .sort()
    .map((name) => join(archiveDir, name));
}
