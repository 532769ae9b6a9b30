import { randomUUID } from 'node:crypto';
import { VirtualClock } from '@b2c-alerts/audit-client';
import { generatedArchive, dayMs, type GeneratedArchive } from '@b2c-alerts/testkit';
import { AlertHistoryWriter, RedisKeys } from '@b2c-alerts/worker';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/index.js';
import { Capture } from '../helpers/capture.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(redisUrl);
const keyPrefix = `test-cli-console-${randomUUID().slice(0, 8)}`;
const start = Date.parse('2026-04-01T00:00:00Z');
const now = start + 2 * dayMs;
let archive: GeneratedArchive;

/** `b2c-alerts console` until `stop()`; resolves once it printed its URL. */
async function startConsole(env: Record<string, string>) {
  const controller = new AbortController();
  const stdout = new Capture();
  const stderr = new Capture();
  const done = runCli(['console', '--archive', archive.dir, '--port', '0'], {
    env: { LOG_LEVEL: 'silent', ...env },
    stdout,
    stderr,
    clock: new VirtualClock(now),
    signal: controller.signal,
  });
  let exited: number | undefined;
  void done.then((code) => (exited = code));
  for (;;) {
    const match = /^Console: (\S+)\n/m.exec(stdout.text);
    if (match) return { url: match[1]!, stdout, stderr, stop: async () => (controller.abort(), done) };
    if (exited !== undefined) throw new Error(`console exited ${exited}: ${stderr.text}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  archive = await generatedArchive({ start, days: 1, eventsPerHour: 30 });
  const writer = new AlertHistoryWriter(redis, new RedisKeys(keyPrefix), { clock: new VirtualClock(now - 3_600_000) });
  for (const id of ['a1', 'a2']) {
    await writer.recordAlert({
      id,
      ruleId: 'b2c.auth.password-spray',
      title: `Spray ${id}`,
      severity: 'high',
      tenant: 'contoso',
      group: 'b2c.auth.password-spray|ip=203.0.113.7',
      groupHash: '0123456789abcdef',
      count: 3,
      eventIds: ['ev-1', 'ev-2'],
      eventCount: 2,
      firstEventAt: '2026-04-01T10:00:00.000Z',
      lastEventAt: '2026-04-01T10:01:00.000Z',
      ruleSetVersion: 'v1',
      state: 'routed',
      routes: ['security'],
      channels: ['slack:#sec'],
    });
  }
  await redis.set(new RedisKeys(keyPrefix).watermark('contoso'), String(now - 120_000));
  await redis.set(new RedisKeys(keyPrefix).rulesVersion(), 'v1');
});

afterAll(async () => {
  for await (const keys of redis.scanStream({ match: `${keyPrefix}:*`, count: 1000 }))
    if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
  await redis.quit();
  await archive?.remove();
});

describe('b2c-alerts console with the worker’s Redis', () => {
  it('serves the alert history and the health from REDIS_URL and REDIS_KEY_PREFIX', async () => {
    const running = await startConsole({ REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix, TENANT_NAME: 'contoso' });
    try {
      const alerts = (await (await fetch(new URL('/api/alerts?since=7d', running.url))).json()) as {
        alerts: Array<{ id: string; deliveries: unknown[] }>;
        available: boolean;
        nextCursor: string | null;
      };
      expect(alerts.available).toBe(true);
      expect(alerts.alerts.map((a) => a.id)).toEqual(['a2', 'a1']);
      expect(alerts.nextCursor).toBeNull();
      const one = (await (await fetch(new URL('/api/alerts/a1', running.url))).json()) as { title: string };
      expect(one.title).toBe('Spray a1');

      const health = (await (await fetch(new URL('/api/health', running.url))).json()) as {
        available: boolean;
        ruleSetVersion: string;
        tenants: Array<{ name: string; watermark: string }>;
        queues: unknown[];
        deadLetters: number;
      };
      expect(health).toMatchObject({ available: true, ruleSetVersion: 'v1', deadLetters: 0 });
      expect(health.tenants).toEqual([
        expect.objectContaining({ name: 'contoso', watermark: new Date(now - 120_000).toISOString() }),
      ]);
      expect(health.queues).toHaveLength(4);
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });

  it('starts when Redis is unreachable; Alerts and Health say unavailable, and no password is printed', async () => {
    const running = await startConsole({ REDIS_URL: 'redis://:s3cret-pass@127.0.0.1:1', REDIS_KEY_PREFIX: keyPrefix });
    try {
      const health = (await (await fetch(new URL('/api/health', running.url))).json()) as { available: boolean };
      expect(health.available).toBe(false);
      const alerts = await fetch(new URL('/api/alerts', running.url));
      const text = await alerts.text();
      expect(JSON.parse(text)).toMatchObject({ available: false, alerts: [] });
      expect(text).not.toContain('s3cret-pass');
    } finally {
      expect(await running.stop()).toBe(0);
      expect(running.stdout.text + running.stderr.text).not.toContain('s3cret-pass');
    }
  });

  it('without REDIS_URL the pages say the console cannot see the worker', async () => {
    const running = await startConsole({});
    try {
      expect(await (await fetch(new URL('/api/alerts', running.url))).json()).toMatchObject({ available: false });
      expect(await (await fetch(new URL('/api/health', running.url))).json()).toMatchObject({ available: false });
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });
});
