import { readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { listArchiveParts, readArchivePart, type DirectoryAudit } from '@b2c-alerts/audit-client';

/** Every event in the archive, with the day folder and part file it was found in. */
export async function archiveContents(
  dir: string,
): Promise<{ files: string[]; events: Array<DirectoryAudit & { day: string }> }> {
  const files = await listArchiveParts(dir);
  const events: Array<DirectoryAudit & { day: string }> = [];
  for (const file of files) {
    for await (const event of readArchivePart(file)) events.push({ ...event, day: basename(dirname(file)) });
  }
  return { files, events };
}

/** Files whose names say they were never finished. */
export async function leftoverTmpFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((name) => name.endsWith('.tmp'));
}
