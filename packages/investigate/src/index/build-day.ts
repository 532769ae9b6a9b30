import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArchivePart } from '@b2c-alerts/audit-client';
import type { ArchiveDay, PartStamp } from '../archive/archive-days.js';
import { ioError } from '../archive/archive-days.js';
import { InvestigateError } from '../errors/investigate-error.js';
import { messageOf, type DuckDbEngine } from '../query/duckdb-engine.js';
import { indexRowsSql } from '../rows/row-sql.js';
import {
  indexFormatVersion,
  manifestPath,
  readDayManifest,
  type DayManifest,
  type SkippedPart,
} from './day-manifest.js';
import { writeWellFormedPart } from './well-formed-part.js';

export interface BuildDayOptions {
  engine: DuckDbEngine;
  indexDir: string;
  /** The archive reader's line limit, applied to the index build too. */
  maxLineBytes: number;
  now: () => number;
}

/** Turns one day's parts into a zstd Parquet file and its manifest; returns the manifest written. */
export async function buildDay(day: ArchiveDay, options: BuildDayOptions): Promise<DayManifest> {
  const { engine, indexDir } = options;
  const file = `${day.day}.${randomBytes(4).toString('hex')}.parquet`;
  const target = join(indexDir, file);
  const temporary = `${target}.tmp`;
  const select = indexRowsSql(options.maxLineBytes);
  const sql = `COPY (${select}) TO $2 (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2)`;
  const pathOf = (p: PartStamp) => join(day.dir, p.name);
  const copy = (paths: string[]) =>
    engine.run(sql, [
      { type: 'VARCHAR[]', value: paths },
      { type: 'VARCHAR', value: temporary },
    ]);

  let good: PartStamp[] = day.parts;
  const skipped: SkippedPart[] = [];
  let rows: number;
  let copies: string | undefined;
  try {
    rows = await copy(good.map(pathOf));
  } catch {
    // Some part cannot be read: find which with the archive's own reader (the raw scan skips the same
    // parts), then with the engine, and build from the rest.
    good = [];
    const sources: string[] = [];
    try {
      for (const part of day.parts) {
        const path = pathOf(part);
        const refused = await readerProblem(path);
        const problem = refused ?? (await engineProblem(engine, select, path));
        if (problem === undefined) {
          good.push(part);
          sources.push(path);
          continue;
        }
        // A part the archive's reader accepts and DuckDB refuses holds a lone surrogate (rows/well-formed.ts):
        // its rows come from a copy with U+FFFD in its place, as the raw scan derives them.
        const copied = refused === undefined ? await wellFormedCopy(path, part.name) : undefined;
        if (copied !== undefined && (await engineProblem(engine, select, copied)) === undefined) {
          good.push(part);
          sources.push(copied);
        } else skipped.push({ ...part, reason: problem });
      }
      rows =
        good.length === 0
          ? 0
          : await copy(sources).catch((error: unknown) => {
              throw new InvestigateError('IV_ERR_ENGINE', `Could not index ${day.day}: ${messageOf(error)}.`, {
                cause: error,
              });
            });
    } finally {
      if (copies !== undefined) await rm(copies, { recursive: true, force: true }).catch(() => undefined);
    }
  }
  async function wellFormedCopy(path: string, name: string): Promise<string | undefined> {
    try {
      copies ??= await mkdtemp(join(tmpdir(), 'b2c-alerts-index-'));
      return await writeWellFormedPart(path, name, copies);
    } catch {
      return undefined; // skipped with the engine's complaint
    }
  }

  let fileBytes = 0;
  if (good.length === 0) await rm(temporary, { force: true }).catch(() => undefined);
  else {
    try {
      await rename(temporary, target);
      fileBytes = (await stat(target)).size;
    } catch (error) {
      throw ioError(`write ${target}`, error);
    }
  }
  const manifest: DayManifest = {
    version: indexFormatVersion,
    day: day.day,
    file: good.length > 0 ? file : null,
    fileBytes,
    rows,
    builtAt: new Date(options.now()).toISOString(),
    parts: good,
    skipped,
  };
  await writeManifest(indexDir, manifest);
  await removeOtherFiles(indexDir, day.day, manifest.file);
  return manifest;
}

/** The archive reader's complaint about a part, or undefined when it reads whole. */
async function readerProblem(path: string): Promise<string | undefined> {
  try {
    for await (const _ of readArchivePart(path)) {
      // read to the end: damage anywhere in the part counts
    }
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

/** The engine's complaint about a part the reader accepts (it should have none), or undefined. */
async function engineProblem(engine: DuckDbEngine, select: string, path: string): Promise<string | undefined> {
  try {
    await engine.rows(`SELECT count(*) AS n FROM (${select})`, [{ type: 'VARCHAR[]', value: [path] }]);
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

async function writeManifest(indexDir: string, manifest: DayManifest): Promise<void> {
  const path = manifestPath(indexDir, manifest.day);
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw ioError(`write ${path}`, error);
  }
}

/** Removes the day's files that its manifest does not name: the previous build's, or a crashed build's. */
async function removeOtherFiles(indexDir: string, day: string, keep: string | null): Promise<void> {
  const current = await readDayManifest(indexDir, day);
  const names = await readdir(indexDir).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(`${day}.`) && name !== keep && name !== current?.file && name !== `${day}.json`) {
      await rm(join(indexDir, name), { force: true }).catch(() => undefined);
    }
  }
}
