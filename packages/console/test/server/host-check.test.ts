import type { GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleError, startConsole, type RunningConsole } from '../../src/index.js';
import { archiveNow, consoleArchive } from '../helpers/console-archive.js';
import { rawGet, rawRequest, type RawAnswer } from '../helpers/http.js';
import { fakeUiDir } from '../helpers/ui-dir.js';

const token = 'a-console-token-of-32-characters!';
let archive: GeneratedArchive;
let ui: Awaited<ReturnType<typeof fakeUiDir>>;
let open: RunningConsole;
let locked: RunningConsole;

beforeAll(async () => {
  archive = await consoleArchive();
  ui = await fakeUiDir();
  open = await startConsole({ archiveDir: archive.dir, uiDir: ui.dir, clock: { now: () => archiveNow } });
  locked = await startConsole({
    archiveDir: archive.dir,
    uiDir: ui.dir,
    token,
    allowedHosts: ['console.example', 'other.example:8443'],
    clock: { now: () => archiveNow },
  });
});

afterAll(async () => {
  await open?.close();
  await locked?.close();
  await archive?.remove();
  await ui?.remove();
});

const portOf = (running: RunningConsole) => Number(new URL(running.url).port);

function expectRefused(res: RawAnswer): void {
  expect(res.status).toBe(421);
  expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe('host_not_allowed');
  expect(res.body).not.toContain('"events"');
}

describe('DNS rebinding: without a token only loopback names with the port are answered', () => {
  it.each(['/api/events?limit=1', '/api/events.csv', '/api/alerts', '/api/health', '/api/session', '/'])(
    'refuses Host evil.example and evil.example:PORT on %s',
    async (path) => {
      expectRefused(await rawGet(open.url, path, { host: 'evil.example' }));
      expectRefused(await rawGet(open.url, path, { host: `evil.example:${portOf(open)}` }));
    },
  );

  it('refuses a POST (backtest) from a rebound name even with a matching Origin', async () => {
    const host = `evil.example:${portOf(open)}`;
    expectRefused(
      await rawRequest(
        open.url,
        'POST',
        '/api/rules/r1/backtest',
        { host, origin: `http://${host}`, 'content-type': 'application/json' },
        '{}',
      ),
    );
  });

  it.each(['localhost', '127.0.0.1', '127.1.2.3', '[::1]'])('answers %s with the port', async (name) => {
    const res = await rawGet(open.url, '/api/session', { host: `${name}:${portOf(open)}` });
    expect(res.status).toBe(200);
  });

  it('refuses a loopback name with another port, and no port', async () => {
    expectRefused(await rawGet(open.url, '/api/session', { host: `localhost:${portOf(open) + 1}` }));
    expectRefused(await rawGet(open.url, '/api/session', { host: 'localhost' }));
  });

  it('refuses allowedHosts without a token', async () => {
    await expect(
      startConsole({ archiveDir: archive.dir, uiDir: ui.dir, allowedHosts: ['console.example'] }),
    ).rejects.toBeInstanceOf(ConsoleError);
  });
});

describe('with a token: the bound host and allowedHosts', () => {
  it('refuses evil.example and evil.example:PORT', async () => {
    expectRefused(await rawGet(locked.url, '/api/session', { host: 'evil.example' }));
    expectRefused(await rawGet(locked.url, '/api/session', { host: `evil.example:${portOf(locked)}` }));
  });

  it('answers the bound host with its port', async () => {
    expect((await rawGet(locked.url, '/api/session', { host: `127.0.0.1:${portOf(locked)}` })).status).toBe(200);
  });

  it('answers an allowed name on any port, and name:port on that port only', async () => {
    expect((await rawGet(locked.url, '/api/session', { host: 'console.example' })).status).toBe(200);
    expect((await rawGet(locked.url, '/api/session', { host: 'Console.Example:443' })).status).toBe(200);
    expect((await rawGet(locked.url, '/api/session', { host: 'other.example:8443' })).status).toBe(200);
    expectRefused(await rawGet(locked.url, '/api/session', { host: 'other.example' }));
  });
});
