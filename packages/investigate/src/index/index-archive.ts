import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ArchiveLock } from '@b2c-alerts/audit-client';
import { ioError, listArchiveDays } from '../archive/archive-days.js';
import { DuckDbEngine, type EngineOptions } from '../query/duckdb-engine.js';
import { buildDay } from './build-day.js';
import { indexDirectoryName, manifestPath, readDayManifest, sameParts, type DayManifest } from './day-manifest.js';

export interface IndexArchiveOptions {
  archiveDir: string;
  /** Rebuild every closed day, not only those whose parts changed. */
  rebuild?: boolean;
  /** Epoch ms; the UTC day that holds it is open (still written) and never indexed. Default Date.now. */
  now?: () => number;
  /**
   * A day stays open this long past its end, for events that arrive late (the worker's ARCHIVE_INDEX_GRACE).
   * Default 0.
   */
  graceMs?: number;
  engine?: EngineOptions;
  /** Default 8 MiB, the archive reader's. */
  maxLineBytes?: number;
  /** Called after each day is built. */
  onDay?: (manifest: DayManifest) => void;
  signal?: AbortSignal;
}

export interface IndexSummary {
  /** Days built in this run (changed, new, or all with `rebuild`). */
  built: DayManifest[];
  /** Closed days whose index was already current. */
  current: number;
  /** The open day, not indexed (answered from its parts). */
  openDay: string;
  /** Rows written in this run. */
  rows: number;
}

/**
 * Brings the index of an archive up to date: each closed UTC day whose parts differ from what its
 * manifest records (or that has none) is rebuilt from its parts; days gone from the archive lose
 * their index files. The index lives in `DIR/.index/`; one build runs at a time (a lock there).
 */
export async function indexArchive(options: IndexArchiveOptions): Promise<IndexSummary> {
  const archiveDir = resolve(options.archiveDir);
  const now = options.now ?? Date.now;
  const indexDir = join(archiveDir, indexDirectoryName);
  const openDay = new Date(now() - (options.graceMs ?? 0)).toISOString().slice(0, 10);
  try {
    await mkdir(indexDir, { recursive: true });
  } catch (error) {
    throw ioError(`create ${indexDir}`, error);
  }
  const lock = await ArchiveLock.acquire({ dir: indexDir, now });
  const summary: IndexSummary = { built: [], current: 0, openDay, rows: 0 };
  let engine: DuckDbEngine | undefined;
  try {
    engine = await DuckDbEngine.open(options.engine);
    const days = await listArchiveDays(archiveDir);
    for (const day of days) {
      if (day.day >= openDay) continue;
      options.signal?.throwIfAborted();
      const manifest = await readDayManifest(indexDir, day.day);
      if (!options.rebuild && manifest && sameParts(manifest, day.parts) && (await fileIntact(indexDir, manifest))) {
        summary.current += 1;
        continue;
      }
      const built = await buildDay(day, {
        engine,
        indexDir,
        maxLineBytes: options.maxLineBytes ?? 8 * 1024 * 1024,
        now,
      });
      summary.built.push(built);
      summary.rows += built.rows;
      options.onDay?.(built);
    }
    await removeDaysGone(indexDir, new Set(days.map((d) => d.day)));
  } finally {
    engine?.close();
    await lock.release();
  }
  return summary;
}

/** Whether the manifest's file is there with the size it was written with. */
export async function fileIntact(indexDir: string, manifest: DayManifest): Promise<boolean> {
  if (manifest.file === null) return true;
  try {
    return (await stat(join(indexDir, manifest.file))).size === manifest.fileBytes;
  } catch {
    return false;
  }
}

async function removeDaysGone(indexDir: string, present: ReadonlySet<string>): Promise<void> {
  for (const name of await readdir(indexDir).catch(() => [] as string[])) {
    const day = /^(\d{4}-\d{2}-\d{2})\.json$/.exec(name)?.[1];
    if (day === undefined || present.has(day)) continue;
    const manifest = await readDayManifest(indexDir, day);
    if (manifest?.file) await rm(join(indexDir, manifest.file), { force: true });
    await rm(manifestPath(indexDir, day), { force: true });
  }
}
