import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { listArchiveParts } from '@b2c-alerts/audit-client';
import { InvestigateError } from '../errors/investigate-error.js';

/**
 * A part file as the index records it: a change of any field means the part is not what was indexed.
 * Size and mtime alone miss a part rewritten to the same size with its mtime set back (`touch -r`);
 * the inode changes when a file is replaced, and the ctime when it is written in place, and no user
 * can set the ctime back.
 */
export interface PartStamp {
  name: string;
  size: number;
  mtimeMs: number;
  /** The inode number, as decimal text (it can pass 2^53). */
  ino: string;
  /** The inode's change time in epoch nanoseconds, as decimal text. */
  ctimeNs: string;
}

export interface ArchiveDay {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** The day's directory. */
  dir: string;
  parts: PartStamp[];
}

/**
 * The days of the archive from `fromDay` to `toDay` (inclusive, either open), each with its part files
 * in name order and their stamps, newest day first.
 */
export async function listArchiveDays(
  archiveDir: string,
  range: { fromDay?: string; toDay?: string } = {},
): Promise<ArchiveDay[]> {
  refusePatternPath(resolve(archiveDir));
  let files: string[];
  try {
    files = await listArchiveParts(archiveDir, range.fromDay === undefined ? {} : { fromDay: range.fromDay });
  } catch (error) {
    throw ioError(`list the archive ${archiveDir}`, error);
  }
  const byDay = new Map<string, ArchiveDay>();
  for (const file of files) {
    refusePatternPath(file);
    const day = basename(dirname(file));
    if (range.toDay !== undefined && day > range.toDay) continue;
    let info;
    try {
      info = await stat(file, { bigint: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // moved away meanwhile
      throw ioError(`read ${file}`, error);
    }
    let entry = byDay.get(day);
    if (!entry) byDay.set(day, (entry = { day, dir: dirname(file), parts: [] }));
    entry.parts.push({
      name: basename(file),
      size: Number(info.size),
      mtimeMs: Number(info.mtimeMs),
      ino: String(info.ino),
      ctimeNs: String(info.ctimeNs),
    });
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? 1 : -1));
}

// DuckDB expands glob patterns in every path it reads, bound parameters included: `archive/t[1]` would
// read the parts of `archive/t1`, another directory and perhaps another tenant's archive.
const patternCharacters = /[*?[\]{}]/;

function refusePatternPath(path: string): void {
  if (!patternCharacters.test(path)) return;
  throw new InvestigateError(
    'IV_ERR_ARCHIVE_PATH',
    `The archive path ${JSON.stringify(path)} holds one of * ? [ ] { }, which the query engine reads as a file ` +
      'pattern; move or link the archive to a path without them.',
  );
}

export function ioError(action: string, cause: unknown): InvestigateError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';
  return new InvestigateError('IV_ERR_IO', `Could not ${action} (${code}); check the path and its permissions.`, {
    cause,
  });
}
