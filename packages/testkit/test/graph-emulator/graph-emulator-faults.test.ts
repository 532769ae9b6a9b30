import { afterEach, describe, expect, it } from 'vitest';
import { formatActivityDateTime, GraphEmulator, type FaultKind, type GraphEmulatorOptions } from '../../src/index.js';
import { audit, auditsUrl, get, getPage, readAll, token } from '../helpers/graph-client.js';

const NOW = Date.parse('2026-01-10T12:00:00Z');
let emulator: GraphEmulator | undefined;

async function start(options: GraphEmulatorOptions = {}): Promise<{ em: GraphEmulator; bearer: string; url: string }> {
  emulator = await GraphEmulator.start({ now: () => NOW, maxPageSize: 3, ...options });
  emulator.addEvents(
    Array.from({ length: 7 }, (_, i) =>
      audit(`e${i}`, formatActivityDateTime(Date.parse('2026-01-09T00:00:00Z') + i * 1000)),
    ),
  );
  return {
    em: emulator,
    bearer: await token(emulator),
    url: auditsUrl(emulator, { $filter: "loggedByService eq 'B2C'", $top: 3 }),
  };
}

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe('GraphEmulator faults', () => {
  it("'429' sends Retry-After (1 s by default, or as given, 0 allowed)", async () => {
    const { em, bearer, url } = await start();
    em.injectFaults({ kind: '429' }, { kind: '429', retryAfterSeconds: 0 });
    const first = await get(url, bearer);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(await errorCode(first)).toBe('TooManyRequests');
    const second = await get(url, bearer);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('0');
    expect((await get(url, bearer)).status).toBe(200);
    expect(em.stats.faultsServed).toBe(2);
    expect(em.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it("'429-no-retry-after' omits the header", async () => {
    const { em, bearer, url } = await start();
    em.injectFaults({ kind: '429-no-retry-after' });
    const res = await get(url, bearer);
    expect(res.status).toBe(429);
    expect(res.headers.has('retry-after')).toBe(false);
  });

  it.each([
    ['500', 'UnknownError'],
    ['502', 'BadGateway'],
    ['503', 'ServiceUnavailable'],
    ['504', 'GatewayTimeout'],
  ] as const)("'%s' answers with a Graph JSON error", async (kind, code) => {
    const { em, bearer, url } = await start();
    em.injectFaults({ kind });
    const res = await get(url, bearer);
    expect(res.status).toBe(Number(kind));
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await errorCode(res)).toBe(code);
    expect((await get(url, bearer)).status).toBe(200);
  });

  it("'503' carries Retry-After only when given", async () => {
    const { em, bearer, url } = await start();
    em.injectFaults({ kind: '503', retryAfterSeconds: 2 });
    expect((await get(url, bearer)).headers.get('retry-after')).toBe('2');
  });

  it("'html' is a 502 gateway page in text/html", async () => {
    const { em, bearer, url } = await start();
    em.injectFaults({ kind: 'html' });
    const res = await get(url, bearer);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toMatch(/^<!DOCTYPE html>[\s\S]*502 - Web server received an invalid response/);
  });

  it("'truncated-json' is a 200 whose body is half a page and does not parse", async () => {
    const { em, bearer, url } = await start();
    em.injectFaults({ kind: 'truncated-json' });
    const res = await get(url, bearer);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    const whole = JSON.stringify(await getPage(url, bearer));
    expect(text.length).toBe(Math.floor(whole.length / 2));
    expect(whole.startsWith(text)).toBe(true);
    expect(em.stats).toMatchObject({ faultsServed: 1, pagesServed: 1, eventsServed: 3 });
  });

  it("'duplicate-across-boundary' starts the next page with the previous page's last record", async () => {
    const { em, bearer, url } = await start();
    em.injectFaults({ kind: 'duplicate-across-boundary' });
    // A first page has no boundary: the fault waits for the first continuation page.
    const first = await getPage(url, bearer);
    expect(em.pendingFaults()).toBe(1);
    const second = await getPage(first['@odata.nextLink']!, bearer);
    expect(second.value.map((e) => e.id)).toEqual(['e2', 'e3', 'e4']);
    const third = await getPage(second['@odata.nextLink']!, bearer);
    expect(third.value.map((e) => e.id)).toEqual(['e5', 'e6']);
    expect(first.value.map((e) => e.id)).toEqual(['e0', 'e1', 'e2']);
    expect(em.stats.faultsServed).toBe(1);
  });

  it("'network-reset' destroys the socket without an answer", async () => {
    const { em, bearer, url } = await start();
    em.injectFaults({ kind: 'network-reset' });
    await expect(get(url, bearer)).rejects.toThrow(TypeError);
    expect(em.requests[0]!.status).toBe(0);
    expect((await get(url, bearer)).status).toBe(200);
  });

  it("'401' and '403' answer with Graph's auth errors", async () => {
    const { em, bearer, url } = await start();
    em.injectFaults({ kind: '401' }, { kind: '403' });
    const unauthorized = await get(url, bearer);
    expect(unauthorized.status).toBe(401);
    expect(await errorCode(unauthorized)).toBe('InvalidAuthenticationToken');
    const forbidden = await get(url, bearer);
    expect(forbidden.status).toBe(403);
    const body = (await forbidden.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
  });

  it('never spends a fault on the token endpoint', async () => {
    const { em } = await start();
    em.injectFaults({ kind: '500' });
    await token(em);
    expect(em.pendingFaults()).toBe(1);
  });

  it('refuses unknown fault kinds and bad Retry-After values', async () => {
    const { em } = await start();
    expect(() => em.injectFaults({ kind: 'teapot' as FaultKind })).toThrow(/Unknown fault kind 'teapot'/);
    expect(() => em.injectFaults({ kind: '429', retryAfterSeconds: -1 })).toThrow(RangeError);
  });

  it('draws random faults from a seeded PRNG: same seed, same sequence', async () => {
    const run = async () => {
      const { em, bearer, url } = await start({
        randomFaults: { probability: 0.5, kinds: ['500', '429'], seed: 42, retryAfterSeconds: 0 },
      });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await get(url, bearer)).status);
      await em.close();
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain(200);
    expect(a.some((s) => s === 500 || s === 429)).toBe(true);
  });

  it('records the fault kind each request was answered with, for every kind that alters or replaces a page', async () => {
    const { em, bearer, url } = await start();
    em.injectFaults(
      { kind: '429' },
      { kind: '503' },
      { kind: 'html' },
      { kind: 'truncated-json' },
      { kind: 'network-reset' },
      { kind: 'duplicate-across-boundary' },
    );
    for (let i = 0; i < 4; i++) await get(url, bearer);
    await expect(get(url, bearer)).rejects.toThrow(TypeError);
    const first = await getPage(url, bearer); // no boundary yet: the duplicate fault waits
    await getPage(first['@odata.nextLink']!, bearer);
    expect(em.requests.map((r) => r.fault)).toEqual([
      '429',
      '503',
      'html',
      'truncated-json',
      'network-reset',
      undefined,
      'duplicate-across-boundary',
    ]);
    expect(em.requests.map((r) => r.status)).toEqual([429, 503, 502, 200, 0, 200, 200]);
    expect(em.stats.faultsServed).toBe(6);
  });

  it('records random faults too', async () => {
    const { em, bearer, url } = await start({ randomFaults: { probability: 1, kinds: ['504'] } });
    await get(url, bearer);
    expect(em.requests[0]).toMatchObject({ status: 504, fault: '504' });
  });

  it('serves records with fields replaced on the wire (serveWith), still filtered and paged by the stored time', async () => {
    const { em, bearer } = await start();
    const stored = audit('bad-time', formatActivityDateTime(Date.parse('2026-01-09T00:00:03.5Z')));
    em.addEvents([stored], { serveWith: { activityDateTime: 'not a date' } });
    em.addEvents([audit('no-id', formatActivityDateTime(Date.parse('2026-01-09T00:00:10Z')))], {
      serveWith: { id: undefined },
    });
    // Already stored: ignored, so the record keeps being served as stored.
    em.addEvents([audit('e0', formatActivityDateTime(Date.parse('2026-01-09T00:00:00Z')))], {
      serveWith: { activityDateTime: 'x' },
    });
    const { events } = await readAll(auditsUrl(em, { $filter: "loggedByService eq 'B2C'", $top: 3 }), bearer);
    const value = events as unknown as Array<Record<string, unknown>>;
    expect(value.map((e) => e.id)).toEqual(['e0', 'e1', 'e2', 'e3', 'bad-time', 'e4', 'e5', 'e6', undefined]);
    expect(value[4]).toEqual({ ...stored, activityDateTime: 'not a date' });
    expect(value[0]!.activityDateTime).toBe(formatActivityDateTime(Date.parse('2026-01-09T00:00:00Z')));
    expect(value[8]).not.toHaveProperty('id');
  });

  it('serves queued faults before random ones', async () => {
    const { em, bearer, url } = await start({ randomFaults: { probability: 1, kinds: ['503'] } });
    em.injectFaults({ kind: '403' });
    expect((await get(url, bearer)).status).toBe(403);
    expect((await get(url, bearer)).status).toBe(503);
  });
});

describe('GraphEmulator server-side rate limit', () => {
  it('answers 429 with Retry-After beyond the quota and counts it in stats.throttled', async () => {
    let now = NOW;
    const { em, bearer, url } = await start({ now: () => now, rateLimit: { requests: 2, intervalMs: 10_000 } });
    expect((await get(url, bearer)).status).toBe(200);
    now += 4000;
    expect((await get(url, bearer)).status).toBe(200);
    const throttled = await get(url, bearer);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('6');
    now += 6000;
    expect((await get(url, bearer)).status).toBe(200);
    expect(em.stats.throttled).toBe(1);
    expect(em.stats.faultsServed).toBe(0);
  });

  it('can throttle without Retry-After', async () => {
    const { em, bearer, url } = await start({ rateLimit: { requests: 1, intervalMs: 10_000, retryAfter: false } });
    await get(url, bearer);
    const res = await get(url, bearer);
    expect(res.status).toBe(429);
    expect(res.headers.has('retry-after')).toBe(false);
    expect(em.stats.throttled).toBe(1);
  });
});
