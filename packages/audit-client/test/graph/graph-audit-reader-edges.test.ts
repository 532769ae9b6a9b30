import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { retentionErrorBody } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import { GraphAuditReader, VirtualClock, type AuditClientError, type AuditReaderOptions } from '../../src/index.js';
import { graphTime } from '../helpers/b2c-events.js';
import { collectPages } from '../helpers/collect-pages.js';
import { ErrorLedger } from '../helpers/error-ledger.js';

const day = 24 * 60 * 60_000;
const start = Date.parse('2026-03-10T12:00:00Z');

type Handler = (url: URL, res: ServerResponse) => void;

/** A real HTTP server on port 0 standing in for Graph, for behaviours the emulator does not script. */
async function withGraph(handler: Handler, run: (url: string) => Promise<void>): Promise<void> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) =>
    handler(new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`), res),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function json(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}

function reader(
  graphBaseUrl: string,
  clock: VirtualClock,
  options: Partial<AuditReaderOptions> = {},
): GraphAuditReader {
  return new GraphAuditReader({
    tokenProvider: { getToken: async () => 't' },
    graphBaseUrl,
    clock,
    random: () => 0.5,
    services: ['B2C'], // one request sequence per window, as these fake servers expect
    ...options,
  });
}

describe('GraphAuditReader: retention floor that moves between requests', () => {
  it('widens the margin on a second clamp instead of chasing the floor forever', async () => {
    const clock = new VirtualClock(start);
    let requests = 0;
    const handler: Handler = (url, res) => {
      requests++;
      // Bounds the test if the reader keeps chasing: a permanent error ends it.
      if (requests > 10) return json(res, 403, '{"error":{"code":"Stop","message":"too many requests in this test"}}');
      const floor = Math.floor((clock.now() - 2 * day) / 1000) * 1000; // to the second, moving with time
      const from = Date.parse(/ge (\S+)/.exec(url.searchParams.get('$filter') ?? '')?.[1] ?? '');
      if (from < floor) return json(res, 400, retentionErrorBody(floor));
      json(res, 200, JSON.stringify({ value: [{ id: 'a', activityDateTime: graphTime(start - day) }] }));
    };
    await withGraph(handler, async (url) => {
      // One request per 2 s: each retried request meets a floor 2 s later than the one it was clamped to.
      const r = reader(url, clock, { rateLimit: { requests: 1, intervalMs: 2000 } });
      const clamps: number[] = [];
      const pages = await collectPages(
        r.readPages({ from: start - 3 * day, to: start }, { onClamp: (f) => clamps.push(f) }),
      );
      expect(pages.flatMap((p) => p.events.map((e) => e.id))).toEqual(['a']);
      expect(requests).toBe(3);
      expect(clamps).toEqual([start - 2 * day + 1000, start + 2000 - 2 * day + 60_000]);
    });
  });

  it('gives up with a clear error when Graph refuses every clamped start', async () => {
    const clock = new VirtualClock(start);
    let requests = 0;
    const handler: Handler = (_url, res) => {
      requests++;
      if (requests > 10) return json(res, 403, '{"error":{"code":"Stop","message":"too many requests in this test"}}');
      json(res, 400, retentionErrorBody(clock.now() - 2 * day + requests * 10 * 60_000)); // races ahead of any margin
    };
    await withGraph(handler, async (url) => {
      const error = (await new ErrorLedger().capture(
        collectPages(reader(url, clock).readPages({ from: start - 3 * day, to: start })),
      )) as AuditClientError;
      expect(error.code).toBe('AC_ERR_GRAPH_HTTP');
      expect(error.message).toMatch(/retention/);
      expect(error.message).toMatch(/watermark did not move/);
      expect(requests).toBe(4); // three clamps, then the fourth refusal ends it
    });
  });
});

describe('GraphAuditReader: a nextLink refused with a 4xx', () => {
  const page1 = [
    { id: 'a', activityDateTime: graphTime(start - 3000) },
    { id: 'b', activityDateTime: graphTime(start - 2000) },
  ];
  const page2 = [{ id: 'c', activityDateTime: graphTime(start - 1000) }];

  it('restarts the window from its first page, re-yielding what was read before', async () => {
    let refusals = 1;
    const handler: Handler = (url, res) => {
      if (!url.searchParams.has('$skiptoken')) {
        return json(
          res,
          200,
          JSON.stringify({
            value: page1,
            '@odata.nextLink': `http://${url.host}/v1.0/auditLogs/directoryAudits?$skiptoken=x`,
          }),
        );
      }
      if (refusals-- > 0)
        return json(res, 400, '{"error":{"code":"BadRequest","message":"The skip token is expired."}}');
      json(res, 200, JSON.stringify({ value: page2 }));
    };
    await withGraph(handler, async (url) => {
      const r = reader(url, new VirtualClock(start), { rateLimit: false });
      const pages = await collectPages(r.readPages({ from: start - 60_000, to: start }));
      expect(pages.map((p) => p.events.map((e) => e.id))).toEqual([['a', 'b'], ['a', 'b'], ['c']]);
      expect(pages.map((p) => p.index)).toEqual([0, 1, 2]);
      expect(r.stats).toMatchObject({ requests: 4, pages: 3, events: 5 });
    });
  });

  it('stops restarting after two refusals and names the failure', async () => {
    let requests = 0;
    const handler: Handler = (url, res) => {
      requests++;
      if (!url.searchParams.has('$skiptoken')) {
        return json(
          res,
          200,
          JSON.stringify({
            value: page1,
            '@odata.nextLink': `http://${url.host}/v1.0/auditLogs/directoryAudits?$skiptoken=x`,
          }),
        );
      }
      json(res, 400, '{"error":{"code":"BadRequest","message":"The skip token is expired."}}');
    };
    await withGraph(handler, async (url) => {
      const r = reader(url, new VirtualClock(start), { rateLimit: false });
      const error = (await new ErrorLedger().capture(
        collectPages(r.readPages({ from: start - 60_000, to: start })),
      )) as AuditClientError;
      expect(error.code).toBe('AC_ERR_GRAPH_HTTP');
      expect(error.message).toContain('HTTP 400');
      expect(error.message).toContain('The skip token is expired.');
      expect(requests).toBe(6); // first page + refused nextLink, three times
    });
  });
});
