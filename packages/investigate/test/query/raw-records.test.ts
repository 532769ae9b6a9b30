import { dayMs, generatedArchive, type GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DuckDbEngine, EventSearch, readRawRecords, type EventRow } from '../../src/index.js';

const start = Date.parse('2026-08-01T00:00:00Z');
const now = start + dayMs + 60_000;
let archive: GeneratedArchive;
let engine: DuckDbEngine;
let rows: EventRow[];

beforeAll(async () => {
  archive = await generatedArchive({ start, days: 1, eventsPerHour: 200 });
  engine = await DuckDbEngine.open();
  const search = new EventSearch({ archiveDir: archive.dir, filter: {}, limit: 100_000, engine, now });
  rows = [];
  for await (const batch of search.batches()) rows.push(...batch);
});

afterAll(async () => {
  engine?.close();
  await archive?.remove();
});

it('reads the records of many rows, each part once', async () => {
  const records = await readRawRecords(archive.dir, rows);
  expect(records.size).toBe(rows.length);
});

it("stops within the search's limits: what the checkpoint throws ends the read, not a missing record", async () => {
  const signal = AbortSignal.abort(new Error('past the time limit'));
  let calls = 0;
  const checkpoint = () => {
    if (++calls > 2) signal.throwIfAborted();
  };
  await expect(readRawRecords(archive.dir, rows, { checkpoint })).rejects.toThrow('past the time limit');
});
