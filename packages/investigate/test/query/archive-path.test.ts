import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayMs, generatedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine, indexArchive, queryEvents, resolveFilter } from '../../src/index.js';

// DuckDB expands glob patterns in the paths it reads: an archive at `t[1]` must never be answered
// from `t1`, a sibling that may hold another tenant's archive.
const start = Date.parse('2026-03-01T00:00:00Z');
const now = start + 2 * dayMs;
let parent: string;
let engine: DuckDbEngine;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'investigate-path-'));
  await generatedArchive({ start, days: 1, eventsPerHour: 5, dir: join(parent, 't[1]') });
  await generatedArchive({ start, days: 1, eventsPerHour: 5, seed: 2, dir: join(parent, 't1') });
  engine = await DuckDbEngine.open();
});

afterAll(async () => {
  engine?.close();
  await rm(parent, { recursive: true, force: true });
});

describe('an archive path the engine would read as a pattern', () => {
  it('is refused by the index build and by a query, naming the path and what to do', async () => {
    const archiveDir = join(parent, 't[1]');
    const refused = { code: 'IV_ERR_ARCHIVE_PATH', message: expect.stringContaining('t[1]') as unknown };
    await expect(indexArchive({ archiveDir, now: () => now })).rejects.toMatchObject(refused);
    await expect(
      queryEvents({ archiveDir, filter: resolveFilter({}, { now }), limit: 10, engine, now }),
    ).rejects.toMatchObject(refused);
    // The sibling it would have matched is answered as usual.
    const page = await queryEvents({
      archiveDir: join(parent, 't1'),
      filter: resolveFilter({}, { now }),
      limit: 10,
      engine,
      now,
    });
    expect(page.rows.length).toBe(10);
  });
});
