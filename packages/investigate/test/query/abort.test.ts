import { dayMs, generatedArchive, type GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countEvents, DuckDbEngine, EventSearch, indexArchive, queryEvents } from '../../src/index.js';

const start = Date.parse('2026-07-01T00:00:00Z');
const now = start + 3 * dayMs + 60_000; // every day closed and indexed: no raw day to notice the signal
let archive: GeneratedArchive;
let engine: DuckDbEngine;

beforeAll(async () => {
  archive = await generatedArchive({ start, days: 3, eventsPerHour: 100 });
  await indexArchive({ archiveDir: archive.dir, now: () => now });
  engine = await DuckDbEngine.open();
});

afterAll(async () => {
  engine?.close();
  await archive?.remove();
});

it('stops a search and a count of indexed days when the signal is aborted', async () => {
  const signal = AbortSignal.abort(new Error('the client went away'));
  const base = { archiveDir: archive.dir, filter: {}, engine, now, signal };
  await expect(queryEvents({ ...base, limit: 100 })).rejects.toThrow('the client went away');
  await expect(countEvents({ ...base, by: 'activity' })).rejects.toThrow('the client went away');
});

it('stops a search of indexed days between batches once aborted', async () => {
  const controller = new AbortController();
  const search = new EventSearch({
    archiveDir: archive.dir,
    filter: {},
    engine,
    now,
    limit: 100_000, // day by day: several batches
    signal: controller.signal,
  });
  const batches = search.batches();
  expect((await batches.next()).done).toBe(false);
  controller.abort(new Error('stopped'));
  await expect(batches.next()).rejects.toThrow('stopped');
  expect(search.sources.rawDays).toEqual([]);
});
