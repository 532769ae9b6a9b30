import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { toUtcDateTime } from '../events/utc-date-time.js';
import { toArchiveIoError } from './archive-io-error.js';

/**
 * The on-disk layout of an archive, shared by its writer and readers:
 * `DIR/YYYY-MM-DD/part-<YYYYMMDDTHHMMSSZ of the earliest event>-<8 hex>.jsonl.gz` (UTC day of each
 * event's activityDateTime), plus `DIR/.export-state.json`. Only names matching `partFilePattern`
 * are parts; `*.tmp` files are writes that never completed and hold nothing of record.
 */
export const dayDirectoryPattern = /^\d{4}-\d{2}-\d{2}$/;
export const partFilePattern = /^part-\d{8}T\d{6}Z-[0-9a-f]{8}\.jsonl\.gz$/;

const graphDateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/;

/**
 * The UTC form of an activityDateTime split for filing, or undefined when it is not an ISO-8601
 * date-time. `sortKey` orders events within a second's resolution, which is all part names need.
 */
export function archiveTimeOf(activityDateTime: string): { day: string; compact: string; sortKey: string } | undefined {
  const utc = toUtcDateTime(activityDateTime);
  const m = graphDateTime.exec(utc);
  if (!m || Number.isNaN(Date.parse(utc))) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  return { day: `${y}-${mo}-${d}`, compact: `${y}${mo}${d}T${h}${mi}${s}Z`, sortKey: utc };
}

/** The UTC day (`YYYY-MM-DD`) that holds epoch `ms`. */
export function utcDayOfMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Every part file of the archive under `dir` whose day is `fromDay` or later, in day then name order
 * (names start with the earliest event's time, so this is roughly event order). A missing `dir` is an
 * empty archive.
 */
export async function listArchiveParts(dir: string, options: { fromDay?: string } = {}): Promise<string[]> {
  const days = (await readDirectory(dir))
    .filter((name) => dayDirectoryPattern.test(name) && (options.fromDay === undefined || name >= options.fromDay))
    .sort();
  const parts: string[] = [];
  for (const day of days) {
    const names = (await readDirectory(join(dir, day))).filter((name) => partFilePattern.test(name)).sort();
    for (const name of names) parts.push(join(dir, day, name));
  }
  return parts;
}

async function readDirectory(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw toArchiveIoError('list', dir, error);
  }
}
