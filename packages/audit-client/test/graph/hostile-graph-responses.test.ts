import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GraphAuditReader,
  VirtualClock,
  createTokenProvider,
  type AuditClientError,
  type AuditPage,
} from '../../src/index.js';
import { b2cEvents } from '../helpers/b2c-events.js';
import { ErrorLedger } from '../helpers/error-ledger.js';

const start = Date.parse('2026-03-10T12:00:00Z');
const window = { from: start - 60 * 60_000, to: start };
const token = 'graph-bearer-token-xyz';
const mib = 1024 * 1024;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A real HTTP server on 127.0.0.1:0; its origin. */
async function serve(handler: Handler): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function reader(graphBaseUrl: string): GraphAuditReader {
  return new GraphAuditReader({
    tokenProvider: { getToken: async () => token },
    graphBaseUrl,
    clock: new VirtualClock(start),
    random: () => 0.5,
    services: ['B2C'], // one request sequence per window, as these fake servers expect
    rateLimit: false,
    // A reader that waits on a body that never ends fails the test by its timeout, not by hanging it.
    requestTimeoutMs: 5000,
    retry: { maxAttempts: 1 },
  });
}

async function failure(pages: AsyncGenerator<AuditPage>, seen: AuditPage[] = []): Promise<AuditClientError> {
  return (await new ErrorLedger().capture(
    (async () => {
      for await (const page of pages) seen.push(page);
    })(),
  )) as AuditClientError;
}

describe('Graph answers with a redirect', () => {
  it('refuses a 302 to another origin as a permanent error, and reads nothing from there', async () => {
    const elsewhere: IncomingMessage[] = [];
    const foreign = await serve((req, res) => {
      elsewhere.push(req);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ value: b2cEvents('planted', start - 60_000, 3, 1000) }));
    });
    let requests = 0;
    const graph = await serve((_req, res) => {
      requests++;
      res.writeHead(302, { location: `${foreign}/v1.0/auditLogs/directoryAudits?planted=1` });
      res.end();
    });

    const seen: AuditPage[] = [];
    const error = await failure(reader(graph).readPages(window), seen);
    expect(error.code).toBe('AC_ERR_GRAPH_REDIRECT');
    expect(error.transient).toBe(false);
    expect(error.message).toContain('HTTP 302');
    expect(error.message).toContain(foreign);
    expect(error.message).toMatch(/graphBaseUrl/);
    expect(error.message).not.toContain('planted=1');
    expect(seen).toEqual([]);
    expect(elsewhere).toEqual([]);
    expect(requests).toBe(1);
  });
});

describe('Graph answers with a page too large to hold', () => {
  it('refuses a body past 64 MiB as a bad page while it streams, without waiting for the end', async () => {
    let sent = 0;
    let clientGone: () => void = () => undefined;
    const gone = new Promise<void>((resolve) => (clientGone = resolve));
    const graph = await serve((_req, res) => {
      res.on('close', () => clientGone());
      res.writeHead(200, { 'content-type': 'application/json' });
      const record = JSON.stringify(b2cEvents('big', start - 60_000, 1, 1000)[0]);
      const chunk = Buffer.from(`${record},`.repeat(Math.ceil(mib / (record.length + 1))));
      res.write('{"value":[');
      // 65 MiB of records, then the body stays open: only a reader that counts as it reads can decide.
      const push = (): void => {
        while (sent < 65 * mib) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', push);
        }
      };
      push();
    });

    const error = await failure(reader(graph).readPages(window));
    expect(error.code).toBe('AC_ERR_GRAPH_BAD_PAGE');
    expect(error.message).toMatch(/64 MiB/);
    await gone;
  });

  it('refuses a declared Content-Length past the cap before reading the body', async () => {
    const graph = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(100 * mib) });
      res.write('{"value":[');
    });
    const error = await failure(reader(graph).readPages(window));
    expect(error.code).toBe('AC_ERR_GRAPH_BAD_PAGE');
    expect(error.message).toMatch(/64 MiB/);
  });
});

describe('the token endpoint answers with a redirect', () => {
  it('never re-sends the client secret to another origin (a 307 keeps the POST body)', async () => {
    const secret = 'client-Secret~value.redirected';
    const elsewhere: string[] = [];
    const foreign = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        elsewhere.push(body);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: 'stolen-flow-token' }));
      });
    });
    const authority = await serve((req, res) => {
      req.resume();
      res.writeHead(307, { location: `${foreign}/steal?from=token` });
      res.end();
    });
    const provider = createTokenProvider({
      tenantId: 'contosob2c.onmicrosoft.com',
      clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      clientSecret: secret,
      authorityHost: authority,
      graphBaseUrl: authority,
    });
    const ledger = new ErrorLedger();
    const error = (await ledger.capture(provider.getToken())) as AuditClientError;
    expect(error.code).toBe('AC_ERR_TOKEN');
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(/redirect/);
    expect(error.message).toContain(foreign);
    expect(ledger.texts().join('\n')).not.toContain(secret);
    expect(elsewhere).toEqual([]);
  });

  it('refuses a token response past 1 MiB', async () => {
    const authority = await serve((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: 'x'.repeat(2 * mib) }));
    });
    const provider = createTokenProvider({
      tenantId: 'contosob2c.onmicrosoft.com',
      clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      clientSecret: 'client-Secret~value.large',
      authorityHost: authority,
      graphBaseUrl: authority,
    });
    const error = (await new ErrorLedger().capture(provider.getToken())) as AuditClientError;
    expect(error.code).toBe('AC_ERR_TOKEN');
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(/1 MiB/);
  });
});
