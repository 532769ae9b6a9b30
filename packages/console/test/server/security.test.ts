import { Writable } from 'node:stream';
import type { GeneratedArchive } from '@b2c-alerts/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/server/security-headers.js';
import { ConsoleError, createConsole, startConsole, type RunningConsole } from '../../src/index.js';
import { archiveNow, consoleArchive } from '../helpers/console-archive.js';
import { rawGet } from '../helpers/http.js';
import { fakeUiDir } from '../helpers/ui-dir.js';

const token = 'a-console-token-of-32-characters!';
let archive: GeneratedArchive;
let ui: Awaited<ReturnType<typeof fakeUiDir>>;
let open: RunningConsole;
let locked: RunningConsole;
const logLines: string[] = [];

beforeAll(async () => {
  archive = await consoleArchive();
  ui = await fakeUiDir();
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  open = await startConsole({ archiveDir: archive.dir, uiDir: ui.dir, clock: { now: () => archiveNow } });
  locked = await startConsole({
    archiveDir: archive.dir,
    uiDir: ui.dir,
    token,
    logger,
    loginAttemptsPerMinute: 3,
    clock: { now: () => archiveNow },
  });
});

afterAll(async () => {
  await open?.close();
  await locked?.close();
  await archive?.remove();
  await ui?.remove();
});

function expectSecurityHeaders(headers: Headers | Record<string, string | string[] | undefined>): void {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name]);
  expect(get('content-security-policy')).toBe(contentSecurityPolicy);
  expect(get('x-content-type-options')).toBe('nosniff');
  expect(get('referrer-policy')).toBe('no-referrer');
  expect(get('x-frame-options')).toBe('DENY');
  expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
}

describe('starting', () => {
  it('refuses a non-loopback host without a token, naming CONSOLE_TOKEN', async () => {
    const started = startConsole({ archiveDir: archive.dir, host: '0.0.0.0' });
    await expect(started).rejects.toBeInstanceOf(ConsoleError);
    await expect(started).rejects.toThrow(/CONSOLE_TOKEN/);
  });

  it('refuses an archive recorded for another tenant, as the CLI does', async () => {
    const { writeFile, rm } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const state = join(archive.dir, '.export-state.json');
    await writeFile(state, '{"version":1,"tenant":"fabrikamb2c.onmicrosoft.com"}\n');
    try {
      await expect(startConsole({ archiveDir: archive.dir, tenant: 'contosob2c.onmicrosoft.com' })).rejects.toThrow(
        /belongs to tenant fabrikamb2c\.onmicrosoft\.com, not contosob2c\.onmicrosoft\.com/,
      );
    } finally {
      await rm(state);
    }
  });

  it('refuses to answer from an archive swapped for another tenant while it runs (409)', async () => {
    const { writeFile, rm } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const running = await startConsole({ archiveDir: archive.dir, tenant: 'contosob2c.onmicrosoft.com' });
    const state = join(archive.dir, '.export-state.json');
    await writeFile(state, '{"version":1,"tenant":"fabrikamb2c.onmicrosoft.com"}\n');
    try {
      for (const path of [
        '/api/events?limit=1',
        '/api/events.csv',
        '/api/events/count?by=day',
        '/api/events/histogram',
      ]) {
        const res = await fetch(new URL(path, running.url));
        expect(res.status).toBe(409);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('tenant_mismatch');
      }
    } finally {
      await rm(state);
      await running.close();
    }
  });

  it('listens beyond loopback with a token', async () => {
    const wide = await startConsole({ archiveDir: archive.dir, host: '0.0.0.0', token });
    try {
      expect(new URL(wide.url).hostname).toBe('0.0.0.0');
    } finally {
      await wide.close();
    }
  });

  it('refuses a short token, naming the option', async () => {
    await expect(startConsole({ archiveDir: archive.dir, token: 'short' })).rejects.toThrow(
      /console option token: must be at least 16/,
    );
  });

  it('listens on 127.0.0.1 by default', () => {
    expect(new URL(open.url).hostname).toBe('127.0.0.1');
  });
});

describe('headers on every response', () => {
  it.each([
    '/',
    '/index.html',
    '/app.js',
    '/app.css',
    '/api/events?limit=1',
    '/api/nothing',
    '/nothing.js',
    '/api/events?bad=1',
  ])('%s', async (path) => {
    const res = await fetch(new URL(path, open.url));
    await res.arrayBuffer();
    expectSecurityHeaders(res.headers);
  });

  it.each(['/api/events?limit=1', '/api/session', '/api/nothing', '/api/events?bad=1'])(
    'Cache-Control: no-store on %s',
    async (path) => {
      const res = await fetch(new URL(path, open.url));
      await res.arrayBuffer();
      expect(res.headers.get('cache-control')).toBe('no-store');
    },
  );

  it('on 401s too, and not on static files', async () => {
    const res = await fetch(new URL('/api/events', locked.url));
    await res.arrayBuffer();
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await fetch(new URL('/app.js', open.url));
    await page.arrayBuffer();
    expect(page.headers.get('cache-control')).not.toBe('no-store');
  });

  it('serves the page and script with their types', async () => {
    const page = await fetch(new URL('/', open.url));
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('app.js');
    const script = await fetch(new URL('/app.js', open.url));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('on 401s and 429s too', async () => {
    const res = await fetch(new URL('/api/events', locked.url));
    expect(res.status).toBe(401);
    expectSecurityHeaders(res.headers);
  });
});

describe('static files', () => {
  it.each([
    '/../package.json',
    '/..%2fpackage.json',
    '/%2e%2e/package.json',
    '/..%5cpackage.json',
    '/.hidden',
    '/src/index.ts',
    '//etc/passwd',
  ])('refuses %s', async (path) => {
    const res = await rawGet(open.url, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('@b2c-alerts/console');
    expect(res.body).not.toContain('root:');
    expectSecurityHeaders(res.headers);
  });
});

describe('the token', () => {
  it('answers 401 without a session, and says a login is required', async () => {
    expect((await fetch(new URL('/api/events?limit=1', locked.url))).status).toBe(401);
    const session = await (await fetch(new URL('/api/session', locked.url))).json();
    expect(session).toEqual({ required: true, authenticated: false });
    expect(await (await fetch(new URL('/api/session', open.url))).json()).toEqual({
      required: false,
      authenticated: true,
    });
  });

  it('accepts the token as a Bearer', async () => {
    const res = await fetch(new URL('/api/events?limit=1', locked.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
  });

  it('logs in with an HttpOnly SameSite=Strict cookie that then opens the API', async () => {
    const login = await fetch(new URL('/api/login', locked.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(login.status).toBe(204);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^b2c_console=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain(token);
    const session = cookie.split(';')[0]!;
    const res = await fetch(new URL('/api/events?limit=1', locked.url), { headers: { cookie: session } });
    expect(res.status).toBe(200);
    const logout = await fetch(new URL('/api/logout', locked.url), { method: 'POST', headers: { cookie: session } });
    expect(logout.status).toBe(204);
    expect((await fetch(new URL('/api/events?limit=1', locked.url), { headers: { cookie: session } })).status).toBe(
      401,
    );
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const handler = await createConsole({
      archiveDir: archive.dir,
      uiDir: ui.dir,
      token,
      allowedHosts: ['console.example'],
    });
    try {
      const login = await handler.fetch(
        new Request('https://console.example/api/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
        }),
      );
      expect(login.status).toBe(204);
      expect(login.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      handler.close();
    }
  });

  it('marks the cookie Secure over http with secureCookie (a proxy ends TLS)', async () => {
    const handler = await createConsole({ archiveDir: archive.dir, uiDir: ui.dir, token, secureCookie: true });
    try {
      const login = await handler.fetch(
        new Request('http://127.0.0.1/api/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
        }),
      );
      expect(login.status).toBe(204);
      expect(login.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      handler.close();
    }
  });

  it('accepts a form login', async () => {
    const login = await fetch(new URL('/api/login', locked.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(login.status).toBe(204);
  });

  it('refuses a POST from another origin', async () => {
    const res = await fetch(new URL('/api/login', locked.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ token }),
    });
    expect(res.status).toBe(403);
  });

  it('rate-limits refused logins (429 after 3) and never logs the token', async () => {
    const wrong = 'wrong-token-' + token;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(new URL('/api/login', locked.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: wrong }),
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expectSecurityHeaders(res.headers);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe(res.status === 429 ? 'rate_limited' : 'unauthorized');
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // Even the right token waits out the limit.
    const right = await fetch(new URL('/api/login', locked.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(right.status).toBe(429);
    const log = logLines.join('');
    expect(log).toContain('console login refused');
    expect(log).toContain('console login rate-limited');
    expect(log).not.toContain(token);
  });
});
