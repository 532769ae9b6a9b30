import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dayMs, generatedArchive, type GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DuckDbEngine, findEvent, indexArchive, indexDirectoryName } from '../../src/index.js';

const start = Date.parse('2026-06-01T00:00:00Z');
const now = start + 4 * dayMs - 60_000; // 06-01…06-03 closed and indexed, 06-04 open
let archive: GeneratedArchive;
let engine: DuckDbEngine;

beforeAll(async () => {
  archive = await generatedArchive({ start, days: 4, eventsPerHour: 20 });
  await indexArchive({ archiveDir: archive.dir, now: () => now });
  engine = await DuckDbEngine.open();
});

afterAll(async () => {
  engine?.close();
  await archive?.remove();
});

const idOn = (day: string) => archive.events.find((e) => e.activityDateTime.startsWith(`${day}T12`))!.id;

it('looks an id up day by day, newest first, and stops at the day that holds it', async () => {
  const found = await findEvent({ archiveDir: archive.dir, id: idOn('2026-06-03'), engine, now });
  expect(found.row?.id).toBe(idOn('2026-06-03'));
  expect(found.sources.rawDays).toEqual([{ day: '2026-06-04', reason: 'open' }]);
  expect(found.sources.indexDays).toEqual(['2026-06-03']);

  const missing = await findEvent({ archiveDir: archive.dir, id: 'no-such-id', engine, now });
  expect(missing.row).toBeUndefined();
  expect(missing.sources.indexDays).toEqual(['2026-06-03', '2026-06-02', '2026-06-01']);
});

it('falls back to the raw parts of a day whose index file cannot be read', async () => {
  const indexDir = join(archive.dir, indexDirectoryName);
  const file = (await readdir(indexDir)).find((n) => n.startsWith('2026-06-02.') && n.endsWith('.parquet'))!;
  const size = (await import('node:fs/promises')).stat(join(indexDir, file)).then((s) => s.size);
  await writeFile(join(indexDir, file), Buffer.alloc(await size, 7)); // same size, not Parquet
  const found = await findEvent({ archiveDir: archive.dir, id: idOn('2026-06-01'), engine, now });
  expect(found.row?.id).toBe(idOn('2026-06-01'));
  expect(found.sources.rawDays).toContainEqual({ day: '2026-06-02', reason: 'corrupt' });
});
