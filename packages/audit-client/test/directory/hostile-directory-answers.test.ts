import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectoryNameResolver, VirtualClock } from '../../src/index.js';

const appId = 'a03bbb51-cc9e-4a1d-9006-f06c03bd562a';
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

function resolver(graphBaseUrl: string): DirectoryNameResolver {
  return new DirectoryNameResolver({
    tokenProvider: { getToken: async () => 'bearer-xyz' },
    graphBaseUrl,
    clock: new VirtualClock(),
    random: () => 0.5,
    rateLimit: false,
    retry: { maxAttempts: 2 },
  });
}

describe('directory name lookups against a hostile Graph', () => {
  it('follows no redirect, so the token never leaves for another origin', async () => {
    const elsewhere: IncomingMessage[] = [];
    const other = await serve((req, res) => {
      elsewhere.push(req);
      res.end(JSON.stringify({ appId, displayName: 'Phished' }));
    });
    const graph = await serve((_req, res) => {
      res.writeHead(302, { location: `${other}/v1.0/servicePrincipals` });
      res.end();
    });
    const [lookup] = await resolver(graph).resolve([{ kind: 'appId', id: appId }]);
    expect(lookup).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('redirect') });
    expect(elsewhere).toHaveLength(0);
  });

  it('does not take the name of another object than the one asked for', async () => {
    const graph = await serve((_req, res) => {
      res.end(
        JSON.stringify({
          id: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
          appId: '00000003-0000-0000-c000-000000000000',
          displayName: 'Microsoft Graph',
        }),
      );
    });
    const [lookup] = await resolver(graph).resolve([{ kind: 'appId', id: appId }]);
    expect(lookup).toMatchObject({ outcome: 'failed' });
    expect(lookup!.name).toBeUndefined();
  });

  it('retries an HTML gateway page, then gives up as failed', async () => {
    let requests = 0;
    const graph = await serve((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>502 Bad Gateway</body></html>');
    });
    const [lookup] = await resolver(graph).resolve([{ kind: 'servicePrincipal', id: appId }]);
    expect(lookup).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('not JSON') });
    expect(requests).toBe(2);
  });
});
