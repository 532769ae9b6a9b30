import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { formatActivityDateTime, generateTraffic, GraphEmulator, type GraphEmulatorOptions } from '../../src/index.js';
import { audit, auditsUrl, get, getPage, readAll, token } from '../helpers/graph-client.js';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const B2C = "loggedByService eq 'B2C'";
let emulator: GraphEmulator | undefined;

async function start(options: GraphEmulatorOptions = {}): Promise<{ em: GraphEmulator; bearer: string }> {
  emulator = await GraphEmulator.start({ now: () => NOW, ...options });
  return { em: emulator, bearer: await token(emulator) };
}

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** n records one second apart from `from`, ids e-000.. */
function series(n: number, from = Date.parse('2026-01-09T00:00:00Z')): DirectoryAudit[] {
  return Array.from({ length: n }, (_, i) =>
    audit(`e-${String(i).padStart(3, '0')}`, formatActivityDateTime(from + i * 1000, 1234)),
  );
}

describe('GraphEmulator paging', () => {
  it('pages ascending with absolute nextLinks that carry the query and are followed verbatim', async () => {
    const { em, bearer } = await start({ maxPageSize: 4 });
    em.addEvents(series(10));
    const filter = `${B2C} and activityDateTime ge 2026-01-09T00:00:00.0000000Z and activityDateTime le 2026-01-09T01:00:00.0000000Z`;
    const { events, pages } = await readAll(
      auditsUrl(em, { $filter: filter, $orderby: 'activityDateTime', $top: 4 }),
      bearer,
    );

    expect(events.map((e) => e.id)).toEqual(series(10).map((e) => e.id));
    expect(pages.map((p) => p.value.length)).toEqual([4, 4, 2]);
    expect(pages[0]!['@odata.context']).toBe(`${em.url}/v1.0/$metadata#auditLogs/directoryAudits`);
    const next = new URL(pages[0]!['@odata.nextLink']!);
    expect(next.origin).toBe(em.url);
    expect(next.pathname).toBe('/v1.0/auditLogs/directoryAudits');
    expect(next.searchParams.get('$filter')).toBe(filter);
    expect(next.searchParams.get('$orderby')).toBe('activityDateTime');
    expect(next.searchParams.get('$top')).toBe('4');
    expect(next.searchParams.get('$skiptoken')).toMatch(/^[\w-]+$/);
    expect(pages[2]!['@odata.nextLink']).toBeUndefined();
    // The second request is the first page's nextLink, byte for byte.
    expect(`${em.url}${em.requests[1]!.path}?${em.requests[1]!.query}`).toBe(pages[0]!['@odata.nextLink']);
    expect(em.stats).toMatchObject({
      tokenRequests: 1,
      graphRequests: 3,
      pagesServed: 3,
      eventsServed: 10,
      faultsServed: 0,
    });
  });

  it('clamps $top to maxPageSize and defaults to it', async () => {
    const { em, bearer } = await start({ maxPageSize: 3 });
    em.addEvents(series(7));
    const page = await getPage(auditsUrl(em, { $top: 1000 }), bearer);
    expect(page.value).toHaveLength(3);
    expect(new URL(page['@odata.nextLink']!).searchParams.get('$top')).toBe('3');
    expect((await getPage(auditsUrl(em, {}), bearer)).value).toHaveLength(3);
  });

  it('treats ge/le as inclusive and gt/lt as exclusive, to the 100 ns tick', async () => {
    const { em, bearer } = await start();
    const times = [
      '2026-01-09T10:00:00.0000000Z',
      '2026-01-09T10:00:00.0000001Z',
      '2026-01-09T10:00:05.0000000Z',
      '2026-01-09T10:00:05.0000001Z',
    ];
    em.addEvents(times.map((t, i) => audit(`t${i}`, t)));
    const ids = async (clause: string) =>
      (await getPage(auditsUrl(em, { $filter: `${B2C} and ${clause}` }), bearer)).value.map((e) => e.id);

    expect(
      await ids(
        'activityDateTime ge 2026-01-09T10:00:00.0000000Z and activityDateTime le 2026-01-09T10:00:05.0000000Z',
      ),
    ).toEqual(['t0', 't1', 't2']);
    expect(
      await ids(
        'activityDateTime gt 2026-01-09T10:00:00.0000000Z and activityDateTime lt 2026-01-09T10:00:05.0000001Z',
      ),
    ).toEqual(['t1', 't2']);
    expect(await ids('activityDateTime ge 2026-01-09T10:00:00Z and activityDateTime le 2026-01-09T10:00:05Z')).toEqual([
      't0',
      't1',
      't2',
    ]);
    expect(await ids('activityDateTime eq 2026-01-09T10:00:05.0000001Z')).toEqual(['t3']);
  });

  it('honours the string equality clauses it accepts', async () => {
    const { em, bearer } = await start();
    em.addEvents([
      audit('a', '2026-01-09T10:00:00Z'),
      audit('b', '2026-01-09T10:00:01Z', { loggedByService: 'Core Directory' }),
    ]);
    const page = await getPage(auditsUrl(em, { $filter: B2C }), bearer);
    expect(page.value.map((e) => e.id)).toEqual(['a']);
  });

  it('orders descending on request, paging backwards with the same keyset', async () => {
    const { em, bearer } = await start({ maxPageSize: 3 });
    em.addEvents(series(8).reverse());
    const { events } = await readAll(auditsUrl(em, { $orderby: 'activityDateTime desc', $top: 3 }), bearer);
    expect(events.map((e) => e.id)).toEqual(
      series(8)
        .map((e) => e.id)
        .reverse(),
    );
    const asc = await getPage(auditsUrl(em, { $orderby: 'activityDateTime asc', $top: 2 }), bearer);
    expect(asc.value.map((e) => e.id)).toEqual(['e-000', 'e-001']);
  });

  it('breaks ties on equal activityDateTime by id, so no record is skipped across pages', async () => {
    const { em, bearer } = await start({ maxPageSize: 2 });
    const same = '2026-01-09T10:00:00.0000000Z';
    em.addEvents(['d', 'b', 'e', 'a', 'c'].map((id) => audit(id, same)));
    const { events } = await readAll(auditsUrl(em, { $filter: `${B2C} and activityDateTime ge ${same}` }), bearer);
    expect(events.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('serves an empty page with no nextLink when nothing matches', async () => {
    const { em, bearer } = await start();
    const page = await getPage(
      auditsUrl(em, { $filter: `${B2C} and activityDateTime ge 2026-01-09T00:00:00Z` }),
      bearer,
    );
    expect(page.value).toEqual([]);
    expect(page['@odata.nextLink']).toBeUndefined();
  });

  it('reads 50k generated events exactly once, in order, through 1000-record pages', async () => {
    const { em, bearer } = await start();
    const events = [
      ...generateTraffic({
        seed: 5,
        start: Date.parse('2026-01-08T00:00:00Z'),
        end: Date.parse('2026-01-09T00:00:00Z'),
        eventsPerHour: 2100,
      }),
    ];
    em.addEvents(events);
    expect(em.eventCount()).toBe(events.length);
    const filter = `${B2C} and activityDateTime ge 2026-01-08T00:00:00.0000000Z and activityDateTime le 2026-01-09T00:00:00.0000000Z`;
    const { events: read, pages } = await readAll(
      auditsUrl(em, { $filter: filter, $orderby: 'activityDateTime', $top: 1000 }),
      bearer,
    );
    const b2c = events.filter((e) => e.loggedByService === 'B2C'); // the traffic's Core Directory churn is filtered out
    expect(read.map((e) => e.id)).toEqual(b2c.map((e) => e.id));
    expect(pages.length).toBe(Math.ceil(b2c.length / 1000));
  }, 30_000);

  it('ignores a record whose id is already stored', async () => {
    const { em } = await start();
    em.addEvents(series(3));
    em.addEvents(series(4));
    expect(em.eventCount()).toBe(4);
  });
});

describe('GraphEmulator visibility of late events', () => {
  it('serves a record only once now() reaches its visibleAt, under its old activityDateTime', async () => {
    let now = NOW;
    const { em, bearer } = await start({ now: () => now });
    em.addEvents([audit('on-time', '2026-01-10T11:00:00.0000000Z')]);
    em.addEvents([audit('late', '2026-01-10T11:00:01.0000000Z')], { visibleAt: NOW + 10 * 60_000 });
    const url = auditsUrl(em, {
      $filter: `${B2C} and activityDateTime ge 2026-01-10T10:00:00Z and activityDateTime le 2026-01-10T12:00:00Z`,
    });

    expect((await getPage(url, bearer)).value.map((e) => e.id)).toEqual(['on-time']);
    now = NOW + 10 * 60_000 - 1;
    expect((await getPage(url, bearer)).value.map((e) => e.id)).toEqual(['on-time']);
    now = NOW + 10 * 60_000;
    expect((await getPage(url, bearer)).value.map((e) => e.id)).toEqual(['on-time', 'late']);
  });

  it('may serve an empty page before the nextLink that follows it when the rest is not visible yet', async () => {
    let now = NOW;
    const { em, bearer } = await start({ now: () => now, maxPageSize: 2 });
    em.addEvents(series(2));
    em.addEvents(series(4).slice(2), { visibleAt: NOW + 1000 });
    const first = await getPage(auditsUrl(em, {}), bearer);
    expect(first.value).toHaveLength(2);
    const second = await getPage(first['@odata.nextLink']!, bearer);
    expect(second.value).toEqual([]);
    expect(second['@odata.nextLink']).toBeUndefined();
    now = NOW + 1000;
    expect((await getPage(first['@odata.nextLink']!, bearer)).value.map((e) => e.id)).toEqual(['e-002', 'e-003']);
  });
});

describe('GraphEmulator retention and bad queries', () => {
  it('answers a lower bound before the retention floor with the exact Graph 400 body', async () => {
    const { em, bearer } = await start();
    // now = 2026-01-10T12:00Z, 7 days: floor = start of the UTC day of 2026-01-03T12:00Z.
    const early = await get(
      auditsUrl(em, { $filter: `${B2C} and activityDateTime ge 2026-01-02T23:59:59.9999999Z` }),
      bearer,
    );
    expect(early.status).toBe(400);
    expect(await early.text()).toBe(
      `{"error":{"code":"UnknownError","message":"Specified argument was out of the range of valid values. (Parameter 'Minimum allowed time for activityDateTime is 1/3/2026 12:00:00 AM')"}}`,
    );
    const atFloor = await get(
      auditsUrl(em, { $filter: `${B2C} and activityDateTime ge 2026-01-03T00:00:00Z` }),
      bearer,
    );
    expect(atFloor.status).toBe(200);
  });

  it('honours retentionDays', async () => {
    const { em, bearer } = await start({ retentionDays: 30 });
    const res = await get(auditsUrl(em, { $filter: `activityDateTime gt 2025-12-01T00:00:00Z` }), bearer);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Minimum allowed time for activityDateTime is 12/11/2025 12:00:00 AM');
  });

  it('never serves records older than the floor, even without a lower bound', async () => {
    const { em, bearer } = await start();
    em.addEvents([audit('old', '2026-01-02T10:00:00Z'), audit('kept', '2026-01-05T10:00:00Z')]);
    expect((await getPage(auditsUrl(em, {}), bearer)).value.map((e) => e.id)).toEqual(['kept']);
  });

  it('refuses unknown filter properties with Graph\'s "Invalid filter clause" 400', async () => {
    const { em, bearer } = await start();
    const res = await get(auditsUrl(em, { $filter: 'createdDateTime ge 2026-01-09T00:00:00Z' }), bearer);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe('BadRequest');
    expect(body.error.message).toBe(
      "Invalid filter clause: Could not find a property named 'createdDateTime' on type 'microsoft.graph.directoryAudit'",
    );
    expect(body.error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a quoted date-time, an unsupported orderby, a bad $top and a foreign $skiptoken', async () => {
    const { em, bearer } = await start();
    const status = async (params: Record<string, string>) => {
      const res = await get(auditsUrl(em, params), bearer);
      return [res.status, ((await res.json()) as { error: { message: string } }).error.message];
    };
    expect(await status({ $filter: "activityDateTime ge '2026-01-09T00:00:00Z'" })).toEqual([
      400,
      expect.stringContaining("'Edm.DateTimeOffset' and 'Edm.String'"),
    ]);
    expect(await status({ $orderby: 'id desc' })).toEqual([400, expect.stringContaining('$orderby')]);
    expect(await status({ $top: '0' })).toEqual([400, expect.stringContaining('$top')]);
    expect(await status({ $skiptoken: 'abc' })).toEqual([400, expect.stringContaining('$skiptoken')]);
  });

  it('answers 404 outside the two routes', async () => {
    const { em, bearer } = await start();
    expect((await get(`${em.url}/v1.0/users`, bearer)).status).toBe(404);
  });
});
