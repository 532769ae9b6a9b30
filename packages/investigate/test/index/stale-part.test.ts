import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dayMs, generatedArchive, type GeneratedArchive } from '@b2c-alerts/testkit';
import { DuckDbEngine, indexArchive, queryEvents, resolveFilter } from '../../src/index.js';

const start = Date.parse('2026-04-01T00:00:00Z');
const now = start + 2 * dayMs + 60_000;
let archive: GeneratedArchive;
let engine: DuckDbEngine;

beforeAll(async () => {
  archive = await generatedArchive({ start, days: 2, eventsPerHour: 20 });
  engine = await DuckDbEngine.open();
});

afterAll(async () => {
  engine?.close();
  await archive?.remove();
});

/** The part's records as text, stored uncompressed so that a same-length edit keeps the file's size. */
const stored = (text: string) => gzipSync(Buffer.from(text), { level: 0 });

it('answers a part rewritten in place with the same size and mtime from the raw parts', async () => {
  const dayDir = join(archive.dir, '2026-04-01');
  const part = join(
    dayDir,
    (await readdir(dayDir)).find((n) => n.endsWith('.jsonl.gz'))!,
  );
  const text = gunzipSync(await readFile(part)).toString('utf8');
  const first = JSON.parse(text.slice(0, text.indexOf('\n'))) as { id: string; activityDisplayName: string };
  const renamed = 'Z'.repeat(first.activityDisplayName.length);
  await writeFile(part, stored(text));
  await indexArchive({ archiveDir: archive.dir, now: () => now });

  const before = await stat(part);
  const reference = join(archive.dir, 'mtime-reference');
  execFileSync('touch', ['-r', part, reference]);
  await writeFile(part, stored(text.replace(JSON.stringify(first.activityDisplayName), JSON.stringify(renamed))));
  execFileSync('touch', ['-r', reference, part]); // the mtime set back, to the nanosecond
  const after = await stat(part);
  expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);

  const page = await queryEvents({
    archiveDir: archive.dir,
    filter: resolveFilter({ activity: renamed }, { now }),
    limit: 10,
    engine,
    now,
  });
  expect(page.sources.rawDays).toEqual([{ day: '2026-04-01', reason: 'stale' }]);
  expect(page.rows.map((r) => r.id)).toEqual([first.id]);
});
