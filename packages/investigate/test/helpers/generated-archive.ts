import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveWriter, type DirectoryAudit } from '@b2c-alerts/audit-client';
import { generateTraffic } from '@b2c-alerts/testkit';

export const hourMs = 3_600_000;
export const dayMs = 24 * hourMs;

export interface GeneratedArchive {
  dir: string;
  events: DirectoryAudit[];
  remove(): Promise<void>;
}

/**
 * An archive of generated traffic from `start` over `days` days, written as the worker writes it:
 * one ArchiveWriter call per `chunkHours` of events (so several parts per day), plus `extra` events.
 */
export async function generatedArchive(options: {
  start: number;
  days: number;
  eventsPerHour?: number;
  seed?: number;
  chunkHours?: number;
  extra?: DirectoryAudit[];
}): Promise<GeneratedArchive> {
  const dir = await mkdtemp(join(tmpdir(), 'iv-archive-'));
  const writer = new ArchiveWriter({ dir });
  const end = options.start + options.days * dayMs - 1;
  const events = [
    ...generateTraffic({
      seed: options.seed ?? 9,
      start: options.start,
      end,
      eventsPerHour: options.eventsPerHour ?? 200,
    }),
    ...(options.extra ?? []),
  ].sort((a, b) => (a.activityDateTime < b.activityDateTime ? -1 : a.activityDateTime > b.activityDateTime ? 1 : 0));
  const chunkMs = (options.chunkHours ?? 6) * hourMs;
  let batch: DirectoryAudit[] = [];
  let batchEnd = options.start + chunkMs;
  for (const event of events) {
    if (Date.parse(event.activityDateTime) >= batchEnd) {
      if (batch.length > 0) await writer.write(batch);
      batch = [];
      while (Date.parse(event.activityDateTime) >= batchEnd) batchEnd += chunkMs;
    }
    batch.push(event);
  }
  if (batch.length > 0) await writer.write(batch);
  return { dir, events, remove: () => rm(dir, { recursive: true, force: true }) };
}
