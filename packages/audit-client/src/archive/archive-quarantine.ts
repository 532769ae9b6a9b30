import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { QuarantineItem } from '../graph/quarantine-item.js';
import { dayDirectoryPattern, utcDayOfMs } from './archive-layout.js';
import { toArchiveIoError } from './archive-io-error.js';
import { syncDirectory, writeFileDurably } from './durable-file.js';

/** `DIR/quarantine/`: what could not be archived, for an operator to inspect. Never read as events. */
export const quarantineDirectoryName = 'quarantine';

const quarantineFilePattern = /^quarantine-\d{8}T\d{6}Z-[0-9a-f]{8}\.jsonl$/;

export interface ArchiveQuarantineOptions {
  /** The archive root. */
  dir: string;
  /** Start of the first window this run reads (epoch ms): items already quarantined on or after its UTC day are not written again. */
  sinceMs: number;
  /** Time of writing, for the file's day and name; default Date.now. */
  now?: () => number;
}

/** One line of a quarantine file. */
export interface QuarantineLine {
  quarantinedAt: string;
  reason: string;
  window: { from: string; to: string };
  page: number;
  record: unknown;
}

const digestOf = (reason: string, record: unknown) =>
  createHash('sha256')
    .update(JSON.stringify([reason, record ?? null]))
    .digest('hex');

/**
 * Keeps what the reader set aside (invalid records, the last body of a page that stayed unreadable)
 * under `DIR/quarantine/YYYY-MM-DD/quarantine-<YYYYMMDDTHHMMSSZ>-<8 hex>.jsonl`, by UTC day of writing,
 * one durable file per item holding one JSON line. Overlapping windows re-read the same records, so
 * an item already quarantined (same reason and record) is not written twice.
 */
export class ArchiveQuarantine {
  readonly dir: string;
  readonly #now: () => number;
  readonly #digests: Set<string>;

  private constructor(dir: string, now: () => number, digests: Set<string>) {
    this.dir = dir;
    this.#now = now;
    this.#digests = digests;
  }

  static async open(options: ArchiveQuarantineOptions): Promise<ArchiveQuarantine> {
    if (typeof options?.dir !== 'string' || options.dir.trim() === '') {
      throw new TypeError('ArchiveQuarantine.open: `dir` must be a non-empty directory path.');
    }
    if (!Number.isFinite(options.sinceMs))
      throw new RangeError('ArchiveQuarantine.open: `sinceMs` must be an epoch time in milliseconds.');
    const dir = join(resolve(options.dir), quarantineDirectoryName);
    const digests = new Set<string>();
    const fromDay = utcDayOfMs(options.sinceMs);
    for (const day of (await list(dir)).filter((name) => dayDirectoryPattern.test(name) && name >= fromDay)) {
      for (const name of (await list(join(dir, day))).filter((n) => quarantineFilePattern.test(n))) {
        for (const line of (await read(join(dir, day, name))).split('\n')) {
          const item = parseLine(line);
          if (item) digests.add(digestOf(item.reason, item.record));
        }
      }
    }
    return new ArchiveQuarantine(dir, options.now ?? Date.now, digests);
  }

  /** Writes `item` durably and resolves with its file, or with undefined when it was quarantined before. */
  async add(item: QuarantineItem): Promise<string | undefined> {
    const digest = digestOf(item.reason, item.record);
    if (this.#digests.has(digest)) return undefined;
    const at = new Date(this.#now()).toISOString();
    const day = at.slice(0, 10);
    const compact = `${at.slice(0, 19).replace(/[-:]/g, '')}Z`;
    const dayDir = join(this.dir, day);
    await this.#ensureDirectory(dayDir);
    const line: QuarantineLine = {
      quarantinedAt: at,
      reason: item.reason,
      window: { from: new Date(item.window.from).toISOString(), to: new Date(item.window.to).toISOString() },
      page: item.page,
      record: item.record ?? null,
    };
    const file = join(dayDir, `quarantine-${compact}-${randomBytes(4).toString('hex')}.jsonl`);
    await writeFileDurably(file, `${JSON.stringify(line)}\n`);
    this.#digests.add(digest);
    return file;
  }

  /** Creates the day directory and makes every new directory entry durable in its parent. */
  async #ensureDirectory(dayDir: string): Promise<void> {
    let created: string | undefined;
    try {
      created = await mkdir(dayDir, { recursive: true });
    } catch (error) {
      throw toArchiveIoError('create', dayDir, error);
    }
    if (created === undefined) return;
    const root = dirname(this.dir);
    await syncDirectory(this.dir); // holds the new day
    if (created !== dayDir) await syncDirectory(root); // holds the new quarantine/
    if (created !== dayDir && created !== this.dir) await syncDirectory(dirname(root)); // holds a new archive root
  }
}

function parseLine(line: string): { reason: string; record: unknown } | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value = JSON.parse(line) as Partial<QuarantineLine> | null;
    return typeof value?.reason === 'string' ? { reason: value.reason, record: value.record } : undefined;
  } catch {
    return undefined; // a line damaged by hand cannot match a new item anyway
  }
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw toArchiveIoError('list', dir, error);
  }
}

async function read(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw toArchiveIoError('read', file, error);
  }
}
