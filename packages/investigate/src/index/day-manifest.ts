import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { PartStamp } from '../archive/archive-days.js';
import { ioError } from '../archive/archive-days.js';

/** `DIR/.index/`: beside the day directories, ignored by the archive's readers (not a day name). */
export const indexDirectoryName = '.index';

/** Bumped when the columns or their derivation change: an index of another version is rebuilt, never read. */
export const indexFormatVersion = 2;

const stampSchema = z.object({
  name: z.string().min(1),
  size: z.number().int().min(0),
  mtimeMs: z.number().int(),
  ino: z.string().regex(/^\d+$/),
  ctimeNs: z.string().regex(/^\d+$/),
});

const manifestSchema = z.object({
  version: z.literal(indexFormatVersion),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The Parquet file of the day, in the index directory; null when no part of the day could be read. */
  file: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}\.[0-9a-f]{8}\.parquet$/)
    .nullable(),
  fileBytes: z.number().int().min(0),
  rows: z.number().int().min(0),
  builtAt: z.string(),
  /** The parts the file was built from. */
  parts: z.array(stampSchema),
  /** Parts that could not be read when it was built: left out, named, and not retried until they change. */
  skipped: z.array(stampSchema.extend({ reason: z.string() })),
});

/**
 * What one day's index file was built from, written after the file (atomically) so that a manifest
 * always names a complete file. The manifest is the commit point: a build writes a new file under a
 * new name, then the manifest, then removes the old file.
 */
export type DayManifest = z.infer<typeof manifestSchema>;
export type SkippedPart = DayManifest['skipped'][number];

export function manifestPath(indexDir: string, day: string): string {
  return join(indexDir, `${day}.json`);
}

/** The manifest of `day`, or undefined when there is none or it is unreadable or of another version. */
export async function readDayManifest(indexDir: string, day: string): Promise<DayManifest | undefined> {
  let text: string;
  try {
    text = await readFile(manifestPath(indexDir, day), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw ioError(`read the index manifest of ${day}`, error);
  }
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.day === day ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the parts on disk are exactly those the manifest was built from (read and skipped alike). */
export function sameParts(manifest: DayManifest, parts: readonly PartStamp[]): boolean {
  const recorded = [...manifest.parts, ...manifest.skipped];
  if (recorded.length !== parts.length) return false;
  const byName = new Map(recorded.map((p) => [p.name, p]));
  return parts.every((p) => {
    const r = byName.get(p.name);
    return (
      r !== undefined && r.size === p.size && r.mtimeMs === p.mtimeMs && r.ino === p.ino && r.ctimeNs === p.ctimeNs
    );
  });
}
