import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import {
  csvHeader,
  csvProjection,
  csvRecord,
  DuckDbEngine,
  EventSearch,
  matchesRow,
  resolveFilter,
  toEventRow,
  type EventRow,
} from '@b2c-alerts/investigate';
import type { GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type RunningConsole } from '../../src/index.js';
import { archiveNow, consoleArchive } from '../helpers/console-archive.js';

let archive: GeneratedArchive;
let server: RunningConsole;
let all: EventRow[];

const newestFirst = (a: EventRow, b: EventRow) => b.timeUs - a.timeUs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
const get = (path: string) => fetch(new URL(path, server.url));
const json = async (path: string) => {
  const res = await get(path);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers' shapes are what the assertions check
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

/** The plain scan: every raw record, derived in TypeScript, filtered by the predicate. */
function rawScan(input: object): string[] {
  const filter = resolveFilter(input, { now: archiveNow });
  return all.filter((row) => matchesRow(filter, row)).map((r) => r.id);
}

beforeAll(async () => {
  archive = await consoleArchive();
  all = archive.events
    .map((raw: DirectoryAudit) => toEventRow(raw, { part: '' }))
    .filter((r): r is EventRow => r !== undefined)
    .sort(newestFirst);
  server = await startConsole({ archiveDir: archive.dir, clock: { now: () => archiveNow } });
});

afterAll(async () => {
  await server?.close();
  await archive?.remove();
});

describe('GET /api/events', () => {
  const cases: Array<[string, string, object]> = [
    ['no filter', '', {}],
    ['the empty fields of a form', 'actor=&since=&category=&limit=', {}],
    [
      'a time range',
      'since=2026-04-01T18:00:00Z&until=2026-04-02T06:00:00Z',
      { since: '2026-04-01T18:00:00Z', until: '2026-04-02T06:00:00Z' },
    ],
    ['a relative since', 'since=2d', { since: '2d' }],
    [
      'categories as a comma list',
      'category=UserManagement,KeyManagement',
      { category: ['UserManagement', 'KeyManagement'] },
    ],
    ['a result', 'result=failure', { result: ['failure'] }],
    ['a CIDR block', 'ip=198.51.100.0/24', { ip: '198.51.100.0/24' }],
    [
      'a detail',
      'detail=PolicyId%3DB2C_1A_signup_signin',
      { details: [{ key: 'PolicyId', value: 'B2C_1A_signup_signin' }] },
    ],
    ['text', 'text=plant', { text: 'plant' }],
  ];
  it.each(cases)(
    'answers %s as a plain scan of the raw parts does, page by page with the cursor',
    async (_name, qs, input) => {
      const expected = rawScan(input);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const { status, body } = await json(
          `/api/events?${qs}&limit=1000${cursor === null ? '' : `&before=${encodeURIComponent(cursor)}`}`,
        );
        expect(status).toBe(200);
        for (const row of body.rows) expect(row.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
        seen.push(...body.rows.map((r: EventRow) => r.id));
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 100);
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
    },
  );

  it('pages of 7 give every row once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const { body } = await json(
        `/api/events?since=2026-04-03T20:00:00Z&until=2026-04-04T02:00:00Z&limit=7${cursor === null ? '' : `&before=${cursor}`}`,
      );
      expect(body.rows.length).toBeLessThanOrEqual(7);
      seen.push(...body.rows.map((r: EventRow) => r.id));
      cursor = body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(rawScan({ since: '2026-04-03T20:00:00Z', until: '2026-04-04T02:00:00Z' }));
  });

  it('says which days came from raw parts', async () => {
    const { body } = await json('/api/events?limit=5');
    expect(body.sources.rawDays).toEqual([{ day: '2026-04-04', reason: 'open' }]);
    expect(body.sources.skipped).toEqual([]);
  });

  it.each([
    ['unknownthing=1', 'unknown_filter', 'unknownthing'],
    ['since=yesterday', 'invalid_parameter', 'since'],
    ['ip=10.0.0.0/99', 'invalid_parameter', 'ip'],
    ['category=Nope', 'invalid_parameter', 'category'],
    ['limit=0', 'invalid_parameter', 'limit'],
    ['limit=5000', 'invalid_parameter', 'limit'],
    ['before=garbage', 'invalid_parameter', 'before'],
    ['detail=novalue', 'invalid_parameter', 'detail'],
    ['actor=a&actor=b', 'invalid_parameter', 'actor'],
  ])('refuses %s with 400 naming the field', async (qs, code, field) => {
    const { status, body } = await json(`/api/events?${qs}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe(code);
    expect(body.error.field).toBe(field);
    expect(body.error.message.startsWith(`${field}: `)).toBe(true);
  });
});

describe('GET /api/events/:id', () => {
  it('gives the row and its raw Graph record', async () => {
    const wanted = all[123]!;
    const { status, body } = await json(`/api/events/${encodeURIComponent(wanted.id)}`);
    expect(status).toBe(200);
    expect(body.row.id).toBe(wanted.id);
    expect(body.record).toEqual(archive.events.find((e) => e.id === wanted.id));
  });

  it('answers 404 for an unknown id', async () => {
    const { status, body } = await json('/api/events/no-such-event');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});

describe('GET /api/events/count', () => {
  it('counts per value as the raw scan does', async () => {
    const { status, body } = await json('/api/events/count?by=result&since=2026-04-02');
    expect(status).toBe(200);
    const ids = new Set(rawScan({ since: '2026-04-02' }));
    const expected = new Map<string | null, number>();
    for (const row of all) if (ids.has(row.id)) expected.set(row.result, (expected.get(row.result) ?? 0) + 1);
    expect(body.total).toBe(ids.size);
    expect(new Map(body.groups.map((g: { value: string | null; count: number }) => [g.value, g.count]))).toEqual(
      expected,
    );
  });

  it('refuses an unknown by', async () => {
    const { status, body } = await json('/api/events/count?by=colour');
    expect(status).toBe(400);
    expect(body.error.field).toBe('by');
  });
});

describe('GET /api/events/histogram', () => {
  it('counts the matching events per bucket as the raw scan does', async () => {
    const { status, body } = await json(
      '/api/events/histogram?since=2026-04-01T00:00:00Z&until=2026-04-04T11:59:59.999Z&buckets=84&result=success',
    );
    expect(status).toBe(200);
    expect(body.bucketMs).toBe(3_600_000);
    expect(body.buckets).toHaveLength(84);
    const ids = new Set(
      rawScan({ since: '2026-04-01T00:00:00Z', until: '2026-04-04T11:59:59.999Z', result: ['success'] }),
    );
    const start = Date.parse('2026-04-01T00:00:00Z');
    const expected = new Array(84).fill(0);
    for (const row of all) if (ids.has(row.id)) expected[Math.floor((row.timeUs / 1000 - start) / 3_600_000)] += 1;
    expect(body.buckets.map((b: { count: number }) => b.count)).toEqual(expected);
    expect(body.buckets[1].start).toBe('2026-04-01T01:00:00.000Z');
  });

  it('refuses too many buckets', async () => {
    const { status, body } = await json('/api/events/histogram?buckets=9999');
    expect(status).toBe(400);
    expect(body.error.field).toBe('buckets');
  });
});

describe('GET /api/events.csv', () => {
  it('streams the same bytes as the CLI writes for the same filter', async () => {
    const res = await get('/api/events.csv?since=2026-04-02&until=2026-04-03T12:00:00Z&category=UserManagement');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-events-\d{8}T\d{6}Z\.csv"$/);
    const got = Buffer.from(await res.arrayBuffer()).toString('utf8');
    // What `events --format csv` writes: a byte-order mark, the header, then the records of EventSearch.
    const engine = await DuckDbEngine.open();
    try {
      const search = new EventSearch({
        archiveDir: archive.dir,
        filter: resolveFilter(
          { since: '2026-04-02', until: '2026-04-03T12:00:00Z', category: ['UserManagement'] },
          { now: archiveNow },
        ),
        limit: 1_000_000,
        engine,
        now: archiveNow,
      });
      let expected = `\uFEFF${csvRecord(csvHeader)}`;
      for await (const records of search.project(csvProjection)) expected += records.join('');
      expect(got).toBe(expected);
      expect(got.split('\r\n').length).toBeGreaterThan(10);
    } finally {
      engine.close();
    }
  });

  it('refuses a bad filter as JSON before any byte of CSV', async () => {
    const res = await get('/api/events.csv?ip=not-an-ip');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('ip');
  });
});
