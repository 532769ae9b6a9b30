import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AuditClientError, GraphAuditReader, VirtualClock, type AuditPage } from '../../src/index.js';
import { b2cEvents } from '../helpers/b2c-events.js';
import { collectPages } from '../helpers/collect-pages.js';
import { start, useEmulator } from '../helpers/emulator-fixture.js';
import { ErrorLedger } from '../helpers/error-ledger.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

const startEmulator = useEmulator();

describe('GraphAuditReader against the emulator', () => {
  it('sends the documented query, follows nextLink and streams every page in order', async () => {
    const fixture = await startEmulator();
    const { emulator, clock } = fixture;
    const events = b2cEvents('e', start - 3 * hour, 230, 30_000);
    emulator.addEvents(events);
    emulator.addEvents([{ ...events[0]!, id: 'core-1', loggedByService: 'Core Directory' }]);
    const reader = fixture.reader({ pageSize: 50 });
    const window = { from: start - 4 * hour, to: clock.now() - 7 * minute };

    const pages = reader.readPages(window);
    const first = await pages.next();
    // Streaming: the first page arrives before the rest are requested.
    expect(first.done).toBe(false);
    expect(emulator.stats.graphRequests).toBe(1);
    const rest = await collectPages(pages);
    const all = [first.value as AuditPage, ...rest];

    expect(all.map((p) => p.index)).toEqual(all.map((_, i) => i));
    const ids = all.flatMap((p) => p.events.map((e) => e.id));
    expect(ids).toEqual(events.map((e) => e.id));
    expect(reader.stats).toMatchObject({ pages: all.length, events: 230, requests: all.length, retries: 0 });
    expect(all.length).toBeGreaterThanOrEqual(5);

    const firstQuery = new URLSearchParams(emulator.requests[0]!.query);
    expect(firstQuery.get('$filter')).toBe(
      `loggedByService eq 'B2C' and activityDateTime ge ${new Date(window.from).toISOString()} and activityDateTime le ${new Date(window.to).toISOString()}`,
    );
    expect(firstQuery.get('$orderby')).toBe('activityDateTime');
    expect(firstQuery.get('$top')).toBe('50');
    expect(emulator.requests.slice(1).every((r) => r.query.includes('$skiptoken='))).toBe(true);
  });

  it('gets one token for many requests', async () => {
    const fixture = await startEmulator();
    fixture.emulator.addEvents(b2cEvents('e', start - 2 * hour, 300, 10_000));
    const reader = fixture.reader({ pageSize: 10, rateLimit: false });
    const pages = await collectPages(reader.readPages({ from: start - 3 * hour, to: start }));
    expect(pages.length).toBeGreaterThanOrEqual(30);
    expect(fixture.emulator.stats.graphRequests).toBe(pages.length);
    expect(fixture.emulator.stats.tokenRequests).toBe(1);
  });

  it('stays under 5 requests per 10 s of the emulator clock, so Graph never throttles it', async () => {
    const fixture = await startEmulator({ rateLimit: { requests: 5, intervalMs: 10_000 } });
    fixture.emulator.addEvents(b2cEvents('e', start - 2 * hour, 200, 10_000));
    const reader = fixture.reader({ pageSize: 10 });
    await collectPages(reader.readPages({ from: start - 3 * hour, to: start }));
    expect(fixture.emulator.stats.throttled).toBe(0);
    const times = fixture.emulator.requests.map((r) => r.at);
    expect(times.length).toBe(20);
    for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(10_000);
    expect(reader.stats.throttledMs).toBeGreaterThan(0);
  });

  it('honours Retry-After from a throttling Graph when the client limit is off, at no real cost', async () => {
    const fixture = await startEmulator({ rateLimit: { requests: 3, intervalMs: 60_000 } });
    fixture.emulator.addEvents(b2cEvents('e', start - 2 * hour, 100, 10_000));
    const reader = fixture.reader({ pageSize: 10, rateLimit: false });
    const pages = await collectPages(reader.readPages({ from: start - 3 * hour, to: start }));
    expect(pages.flatMap((p) => p.events)).toHaveLength(100);
    expect(fixture.emulator.stats.throttled).toBeGreaterThan(0);
    expect(reader.stats.retries).toBe(fixture.emulator.stats.throttled);
    expect(reader.stats.throttledMs).toBeGreaterThanOrEqual(3 * 60_000);
    // Every sleep of a 429 with Retry-After is whole seconds from the header.
    expect(fixture.clock.sleeps.every((ms) => ms % 1000 === 0)).toBe(true);
  });

  it('retries every transient fault kind, injected across the pages of a window, and still yields each page', async () => {
    const fixture = await startEmulator();
    const { emulator, clock } = fixture;
    const events = b2cEvents('e', start - 2 * hour, 240, 30_000);
    emulator.addEvents(events);
    const faults = [
      { kind: '429', retryAfterSeconds: 30 },
      { kind: '429-no-retry-after' },
      { kind: '500' },
      { kind: '502' },
      { kind: '503', retryAfterSeconds: 2 },
      { kind: '504' },
      { kind: 'html' },
      { kind: 'truncated-json' },
      { kind: 'network-reset' },
      { kind: '401' },
    ] as const;
    const reader = fixture.reader({ pageSize: 20 });
    const before = clock.now();
    emulator.injectFaults(faults[0]);
    const ids: string[] = [];
    let next = 1;
    // One fault before the first page and before each following page: every page request meets one.
    for await (const page of reader.readPages({ from: start - 3 * hour, to: start })) {
      ids.push(...page.events.map((e) => e.id));
      if (next < faults.length) emulator.injectFaults(faults[next++]!);
    }
    expect(emulator.pendingFaults()).toBe(0);
    expect(emulator.stats.faultsServed).toBe(10);
    expect(ids).toEqual(events.map((e) => e.id));
    expect(reader.stats.retries).toBe(10);
    expect(reader.stats.requests).toBe(reader.stats.pages + 10);
    expect(clock.sleeps).toContain(30_000);
    expect(clock.sleeps).toContain(2_000);
    expect(clock.now() - before).toBeGreaterThanOrEqual(32_000);
    expect(reader.stats.throttledMs).toBeGreaterThanOrEqual(30_000);
    // The 401 was retried once, with a fresh token.
    expect(emulator.stats.tokenRequests).toBe(2);
  });

  it('gives up after maxAttempts with the last reason and the window, saying what to do', async () => {
    const fixture = await startEmulator();
    fixture.emulator.addEvents(b2cEvents('e', start - 2 * hour, 10, 1000));
    fixture.emulator.injectFaults(...Array.from({ length: 4 }, () => ({ kind: '503' as const })));
    const reader = fixture.reader({ retry: { maxAttempts: 4 } });
    const window = { from: start - 3 * hour, to: start };
    const error = (await new ErrorLedger().capture(collectPages(reader.readPages(window)))) as AuditClientError;
    expect(error).toBeInstanceOf(AuditClientError);
    expect(error.code).toBe('AC_ERR_GRAPH_RETRIES_EXHAUSTED');
    expect(error.message).toContain('after 4 attempts');
    expect(error.message).toContain('HTTP 503');
    expect(error.message).toContain(new Date(window.from).toISOString());
    expect(error.message).toContain('next poll reads this window again');
    expect(fixture.emulator.stats.graphRequests).toBe(4);
    // Backoff sleeps: full jitter under 1 s, 2 s, 4 s.
    expect(fixture.clock.sleeps).toHaveLength(3);
    fixture.clock.sleeps.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(1000 * 2 ** i));
  });

  it('names the permissions and where to grant them on 403, and on a 401 that a fresh token does not fix', async () => {
    const fixture = await startEmulator();
    fixture.emulator.addEvents(b2cEvents('e', start - 2 * hour, 10, 1000));
    const ledger = new ErrorLedger();
    fixture.emulator.injectFaults({ kind: '403' });
    const forbidden = (await ledger.capture(
      collectPages(fixture.reader().readPages({ from: start - 3 * hour, to: start })),
    )) as AuditClientError;
    fixture.emulator.injectFaults({ kind: '401' }, { kind: '401' });
    const unauthorized = (await ledger.capture(
      collectPages(fixture.reader().readPages({ from: start - 3 * hour, to: start })),
    )) as AuditClientError;
    for (const error of [forbidden, unauthorized]) {
      expect(error.code).toBe('AC_ERR_GRAPH_PERMISSION');
      for (const text of [
        'AuditLog.Read.All',
        'Directory.Read.All',
        'Application permissions',
        'App registrations',
        'API permissions',
        'Grant admin consent',
      ])
        expect(error.message).toContain(text);
    }
    expect(forbidden.message).toContain('HTTP 403: Authorization_RequestDenied');
    expect(unauthorized.message).toContain('HTTP 401');
    // 403: no retry; 401: exactly one retry, with a fresh token.
    expect(fixture.emulator.stats.graphRequests).toBe(3);
    expect(fixture.emulator.stats.tokenRequests).toBe(2);
  });

  it('clamps a window that starts before retention, restarting it from the first page', async () => {
    const fixture = await startEmulator();
    const { emulator, clock } = fixture;
    const floor = Date.UTC(2026, 2, 3); // startOfUtcDay(now − 7 d)
    const events = b2cEvents('e', floor + 10 * minute, 40, minute);
    emulator.addEvents(events);
    const clamps: number[] = [];
    const reader = fixture.reader({ pageSize: 15 });
    const pages = await collectPages(
      reader.readPages({ from: clock.now() - 8 * day, to: floor + 2 * hour }, { onClamp: (f) => clamps.push(f) }),
    );
    expect(clamps).toEqual([floor + 1000]);
    expect(reader.stats.clampedFrom).toBe(floor + 1000);
    expect(pages.flatMap((p) => p.events.map((e) => e.id))).toEqual(events.map((e) => e.id));
    expect(emulator.requests[0]!.status).toBe(400);
    expect(new URLSearchParams(emulator.requests[1]!.query).get('$filter')).toContain(
      `ge ${new Date(floor + 1000).toISOString()}`,
    );
  });

  it('yields nothing when the clamp passes the end of the window', async () => {
    const fixture = await startEmulator();
    const floor = Date.UTC(2026, 2, 3);
    const reader = fixture.reader();
    const clamps: number[] = [];
    const pages = await collectPages(
      reader.readPages({ from: start - 9 * day, to: floor - hour }, { onClamp: (f) => clamps.push(f) }),
    );
    expect(pages).toEqual([]);
    expect(clamps).toEqual([floor + 1000]);
    expect(fixture.emulator.stats.graphRequests).toBe(1);
  });

  it('refuses a Graph base URL over plain http to a non-loopback host', () => {
    const tokenProvider = { getToken: async () => 'unused' };
    let error: unknown;
    try {
      new GraphAuditReader({ tokenProvider, graphBaseUrl: 'http://graph.microsoft.com' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuditClientError);
    expect((error as AuditClientError).code).toBe('AC_ERR_URL_INSECURE');
    expect((error as AuditClientError).message).toContain('graphBaseUrl');
    expect((error as AuditClientError).message).toContain('use https');
  });

  it('stops at once when the caller aborts', async () => {
    const fixture = await startEmulator();
    fixture.emulator.addEvents(b2cEvents('e', start - 2 * hour, 50, 1000));
    const controller = new AbortController();
    const reader = fixture.reader({ pageSize: 10 });
    const seen: number[] = [];
    const reading = (async () => {
      for await (const page of reader.readPages({ from: start - 3 * hour, to: start }, { signal: controller.signal })) {
        seen.push(page.index);
        if (page.index === 1) controller.abort(new Error('shutting down'));
      }
    })();
    await expect(reading).rejects.toThrow('shutting down');
    expect(seen).toEqual([0, 1]);
  });
});

describe('GraphAuditReader request timeouts', () => {
  it('retries a request that times out', async () => {
    let calls = 0;
    const server = createServer((req, res) => {
      calls++;
      if (calls === 1) return; // never answers: the reader's timeout must fire
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ value: [{ id: 'a', activityDateTime: '2026-01-01T00:00:00.0000000Z' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const reader = new GraphAuditReader({
        tokenProvider: { getToken: async () => 't' },
        graphBaseUrl: url,
        clock: new VirtualClock(),
        requestTimeoutMs: 200,
        services: ['B2C'],
      });
      const pages = await collectPages(reader.readPages({ from: 0, to: Date.parse('2026-01-01T00:00:00Z') }));
      expect(pages.flatMap((p) => p.events.map((e) => e.id))).toEqual(['a']);
      expect(reader.stats).toMatchObject({ requests: 2, retries: 1, pages: 1 });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
