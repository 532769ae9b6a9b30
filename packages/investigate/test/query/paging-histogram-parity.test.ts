import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayMs, generatedArchive, investigationEvents, type GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DuckDbEngine,
  histogramEvents,
  indexArchive,
  indexDirectoryName,
  queryEvents,
  resolveFilter,
  type EventFilterInput,
  type ResolvedFilter,
} from '../../src/index.js';

const start = Date.parse('2026-03-01T00:00:00Z');
const now = start + 3 * dayMs + 60_000;
let archive: GeneratedArchive;
/** The same archive without its index: every day is answered from its raw parts. */
let rawDir: string;
let engine: DuckDbEngine;

beforeAll(async () => {
  archive = await generatedArchive({ start, days: 3, eventsPerHour: 80, extra: investigationEvents('2026-03-02') });
  rawDir = await mkdtemp(join(tmpdir(), 'raw-archive-'));
  await cp(archive.dir, rawDir, { recursive: true });
  await indexArchive({ archiveDir: archive.dir, now: () => now });
  engine = await DuckDbEngine.open();
});

afterAll(async () => {
  engine?.close();
  await archive?.remove();
  if (rawDir) await rm(rawDir, { recursive: true, force: true });
});

/** Every page of `limit` rows, each continuing `before` the last row of the previous one. */
async function pages(dir: string, filter: ResolvedFilter, limit: number): Promise<{ ids: string[]; rawDays: number }> {
  const ids: string[] = [];
  let rawDays = 0;
  let before: ResolvedFilter['before'];
  for (let n = 0; n < 1000; n++) {
    const page = await queryEvents({
      archiveDir: dir,
      filter: before === undefined ? filter : { ...filter, before },
      limit,
      engine,
      now,
    });
    rawDays += page.sources.rawDays.length;
    ids.push(...page.rows.map((r) => r.id));
    const last = page.rows.at(-1);
    if (!page.more || !last) return { ids, rawDays };
    before = { timeUs: last.timeUs, id: last.id };
  }
  throw new Error('too many pages');
}

const cases: Array<[string, EventFilterInput, number]> = [
  ['no filter, pages of 500', {}, 500],
  [
    'a time range across a day boundary, pages of 37',
    { since: '2026-03-01T20:00:00Z', until: '2026-03-02T03:00:00Z' },
    37,
  ],
  ['failures, pages of 11', { result: 'failure' }, 11],
];

describe('paging with `before`', () => {
  it.each(cases)('%s: the index and the raw parts give the same rows, each once', async (_name, input, limit) => {
    const filter = resolveFilter(input, { now });
    const whole = await queryEvents({ archiveDir: rawDir, filter, limit: 100_000, engine, now });
    const indexed = await pages(archive.dir, filter, limit);
    const raw = await pages(rawDir, filter, limit);
    expect(indexed.rawDays).toBe(0);
    expect(raw.rawDays).toBeGreaterThan(0);
    expect(indexed.ids).toEqual(whole.rows.map((r) => r.id));
    expect(raw.ids).toEqual(indexed.ids);
    expect(new Set(indexed.ids).size).toBe(indexed.ids.length);
  });

  it('orders rows of one time by id: an id just above a row starts at that row, an empty id after its time', async () => {
    const filter = resolveFilter({}, { now });
    const all = (await queryEvents({ archiveDir: archive.dir, filter, limit: 100_000, engine, now })).rows;
    const at = 100;
    const cut = all[at]!;
    for (const dir of [archive.dir, rawDir]) {
      const ask = async (id: string) =>
        (
          await queryEvents({
            archiveDir: dir,
            filter: { ...filter, before: { timeUs: cut.timeUs, id } },
            limit: 2,
            engine,
            now,
          })
        ).rows.map((r) => r.id);
      expect(await ask(`${cut.id}~`)).toEqual([cut.id, all[at + 1]!.id]);
      expect(await ask(cut.id)).toEqual([all[at + 1]!.id, all[at + 2]!.id]);
      expect(await ask('')).toEqual([all[at + 1]!.id, all[at + 2]!.id]);
    }
  });
});

describe('histogramEvents', () => {
  const ranges: Array<[string, EventFilterInput, number]> = [
    ['three days in hours', { since: '2026-03-01', until: '2026-03-03' }, 72],
    [
      'an odd range in 17 buckets, successes only',
      { since: '2026-03-01T05:13:00Z', until: '2026-03-02T22:01:00Z', result: 'success' },
      17,
    ],
    ['a text filter', { since: '2026-03-01', until: '2026-03-03', text: 'plant' }, 10],
  ];
  it.each(ranges)('%s: the index and the raw parts count alike, and as the rows say', async (_name, input, buckets) => {
    const filter = resolveFilter(input, { now }) as ResolvedFilter & { sinceUs: number; untilUs: number };
    const indexed = await histogramEvents({ archiveDir: archive.dir, filter, buckets, engine, now });
    const raw = await histogramEvents({ archiveDir: rawDir, filter, buckets, engine, now });
    expect(indexed.sources.rawDays).toEqual([]);
    expect(raw.sources.indexDays).toEqual([]);
    expect(raw.counts).toEqual(indexed.counts);
    expect(raw.bucketUs).toBe(indexed.bucketUs);
    const rows = (await queryEvents({ archiveDir: rawDir, filter, limit: 100_000, engine, now })).rows;
    const expected = new Array<number>(buckets).fill(0);
    for (const r of rows) expected[Math.floor((r.timeUs - filter.sinceUs) / indexed.bucketUs)]! += 1;
    expect(indexed.counts).toEqual(expected);
    expect(indexed.counts.reduce((a, b) => a + b, 0)).toBe(rows.length);
  });

  it('refuses a bucket count out of range, naming buckets', async () => {
    const filter = resolveFilter({ since: '2026-03-01', until: '2026-03-02' }, { now }) as ResolvedFilter & {
      sinceUs: number;
      untilUs: number;
    };
    await expect(histogramEvents({ archiveDir: archive.dir, filter, buckets: 0, engine, now })).rejects.toMatchObject({
      code: 'IV_ERR_FILTER_INVALID',
      field: 'buckets',
    });
  });
});

// The raw copy has no index directory at all.
it('the raw copy has no index', async () => {
  const { stat } = await import('node:fs/promises');
  await expect(stat(join(rawDir, indexDirectoryName))).rejects.toThrow();
});
