import type { GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole } from '../../src/index.js';
import { clientKey } from '../../src/server/client-key.js';
import { LoginLimiter } from '../../src/server/login-limiter.js';
import { consoleArchive } from '../helpers/console-archive.js';
import { fakeUiDir } from '../helpers/ui-dir.js';

const token = 'a-console-token-of-32-characters!';
let archive: GeneratedArchive;
let ui: Awaited<ReturnType<typeof fakeUiDir>>;

beforeAll(async () => {
  archive = await consoleArchive();
  ui = await fakeUiDir();
});

afterAll(async () => {
  await archive?.remove();
  await ui?.remove();
});

describe('the login limit', () => {
  it('evaluates at most 5 of 20 parallel wrong logins; the rest are 429', async () => {
    const handler = await createConsole({ archiveDir: archive.dir, uiDir: ui.dir, token });
    try {
      // Each body is held until every request that reads one is reading it: all 20 are in flight at once.
      const body = new TextEncoder().encode(JSON.stringify({ token: 'wrong-token-' + token }));
      const readers: Array<() => void> = [];
      let reading: () => void = () => undefined;
      const allReading = new Promise<void>((resolve) => (reading = resolve));
      let answered = 0;
      const answers = Array.from({ length: 20 }, () => {
        const stream = new ReadableStream<Uint8Array>(
          {
            pull: (controller) =>
              new Promise<void>((release) => {
                readers.push(() => {
                  controller.enqueue(body);
                  controller.close();
                  release();
                });
                reading();
              }),
          },
          { highWaterMark: 0 },
        );
        const request = new Request('http://127.0.0.1/api/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: stream,
          duplex: 'half',
        } as RequestInit);
        return handler.fetch(request).finally(() => (answered += 1));
      });
      // Wait for the first read, then let every request reach its own (or its 429) before releasing.
      await allReading;
      await new Promise((resolve) => setImmediate(resolve));
      for (const release of readers) release();
      const statuses = (await Promise.all(answers)).map((res) => res.status);
      expect(answered).toBe(20);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    } finally {
      handler.close();
    }
  });
});

describe('clientKey', () => {
  it('keys IPv6 clients by their /64, IPv4 (mapped or not) by the address', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:db8:1:2:ffff:1:2:3'));
    expect(clientKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:3::1')).not.toBe(clientKey('2001:db8:1:2::1'));
    expect(clientKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(clientKey('10.0.0.1')).toBe('10.0.0.1');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('LoginLimiter', () => {
  it('gives a successful attempt back', () => {
    const limiter = new LoginLimiter(2, () => 0);
    expect(limiter.begin('a')).toBe(0);
    limiter.succeeded('a');
    expect(limiter.begin('a')).toBe(0);
    expect(limiter.begin('a')).toBe(0);
    expect(limiter.begin('a')).toBeGreaterThan(0);
  });

  it('when full, never forgets a limited client to make room; refuses new ones instead', () => {
    let now = 0;
    const limiter = new LoginLimiter(2, () => now, 3);
    for (const client of ['a', 'b', 'c']) {
      expect(limiter.begin(client)).toBe(0);
      expect(limiter.begin(client)).toBe(0);
    }
    // All three are limited: a flood of new clients cannot push them out.
    for (let i = 0; i < 100; i++) expect(limiter.begin(`new-${i}`)).toBeGreaterThan(0);
    expect(limiter.begin('a')).toBeGreaterThan(0);
    expect(limiter.size).toBe(3);
    now += 61_000;
    expect(limiter.begin('new-0')).toBe(0);
  });

  it('when full, makes room by dropping a client that is not limited', () => {
    const limiter = new LoginLimiter(2, () => 0, 2);
    limiter.begin('limited');
    limiter.begin('limited');
    limiter.begin('one-try');
    expect(limiter.begin('new')).toBe(0);
    expect(limiter.begin('limited')).toBeGreaterThan(0);
    expect(limiter.size).toBe(2);
  });
});
