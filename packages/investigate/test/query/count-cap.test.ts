import { dayMs, generatedArchive, type GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countEvents, DuckDbEngine, indexArchive } from '../../src/index.js';

const start = Date.parse('2026-07-01T00:00:00Z');
const indexedNow = start + 3 * dayMs + 60_000;
let indexed: GeneratedArchive;
let raw: GeneratedArchive;
let engine: DuckDbEngine;

beforeAll(async () => {
  indexed = await generatedArchive({ start, days: 3, eventsPerHour: 100 });
  await indexArchive({ archiveDir: indexed.dir, now: () => indexedNow });
  raw = await generatedArchive({ start, days: 3, eventsPerHour: 100 });
  engine = await DuckDbEngine.open();
});

afterAll(async () => {
  engine?.close();
  await indexed?.remove();
  await raw?.remove();
});

describe('countEvents caps the distinct values it holds', () => {
  it.each([
    ['indexed', () => indexed],
    ['raw', () => raw],
  ])('%s days: past maxGroups it says truncated, holds at most maxGroups, and total stays exact', async (_, of) => {
    const base = { archiveDir: of().dir, filter: {}, engine, now: indexedNow, by: 'ip' as const };
    const full = await countEvents(base);
    expect(full.truncated).toBe(false);
    expect(full.groups.length).toBeGreaterThan(5);
    const capped = await countEvents({ ...base, maxGroups: 5 });
    expect(capped.truncated).toBe(true);
    expect(capped.groups.length).toBeLessThanOrEqual(5);
    expect(capped.total).toBe(full.total);
    const exact = await countEvents({ ...base, maxGroups: full.groups.length });
    expect(exact.truncated).toBe(false);
    expect(exact.groups).toEqual(full.groups);
  });
});
