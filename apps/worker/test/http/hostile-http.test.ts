import { VirtualClock } from '@b2c-alerts/audit-client';
import { GraphEmulator } from '@b2c-alerts/testkit';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { parseWorkerConfig, RedisKeys } from '../../src/index.js';
import { redisUrl } from '../helpers/redis-test.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { workerEnv } from '../helpers/worker-env.js';

/**
 * Counts the MGETs Redis runs on given keys (readiness reads last-success, the gauges newest), through MONITOR (Redis's own record, in execution
 * order). `settle` runs a marker command and waits until MONITOR shows it, so every command sent
 * before it has been counted: no sleeps.
 */
async function redisCommandCounter(keys: { readiness: string; metrics: string; marker: string }) {
  const client = new Redis(redisUrl());
  const monitor = await client.monitor();
  const counts = { readiness: 0, metrics: 0 };
  let markers = 0;
  let onMarker: (() => void) | undefined;
  monitor.on('monitor', (_time: string, args: string[]) => {
    const mget = args[0]?.toLowerCase() === 'mget';
    if (mget && args.includes(keys.readiness)) counts.readiness++;
    if (mget && args.includes(keys.metrics)) counts.metrics++;
    if (args.includes(keys.marker)) {
      markers++;
      onMarker?.();
    }
  });
  let sent = 0;
  return {
    counts,
    async settle(admin: Redis): Promise<{ readiness: number; metrics: number }> {
      const want = ++sent;
      const seen = new Promise<void>((resolve) => {
        onMarker = () => {
          if (markers >= want) resolve();
        };
        onMarker();
      });
      await admin.get(keys.marker);
      await seen;
      return { ...counts };
    },
    close: async () => {
      monitor.disconnect();
      client.disconnect();
    },
  };
}

describe('the HTTP port under hostile use', () => {
  const { prefixes, admin, defer, writeRules, createApp } = useWorkerApp();

  it('listens on loopback unless HTTP_HOST says otherwise', async () => {
    const graph = await GraphEmulator.start();
    defer(() => graph.close());
    const rulesDir = await writeRules();
    const { HTTP_HOST: _, ...env } = workerEnv(graph, { ...prefixes, rulesDir });
    expect(parseWorkerConfig(env).http.host).toBe('127.0.0.1');
    expect(parseWorkerConfig({ ...env, HTTP_HOST: '0.0.0.0' }).http.host).toBe('0.0.0.0');
    expect(parseWorkerConfig({ ...env, HTTP_HOST: '::1' }).http.host).toBe('::1');
  });

  it('answers a flood of /readyz and /metrics with Redis work once a second, not once a request', async () => {
    const graph = await GraphEmulator.start();
    defer(() => graph.close());
    const rulesDir = await writeRules();
    const keys = new RedisKeys(prefixes.keyPrefix);
    const counter = await redisCommandCounter({
      readiness: keys.lastSuccess('contoso'),
      metrics: keys.newest('contoso'),
      marker: `${prefixes.keyPrefix}:marker`,
    });
    defer(() => counter.close());
    const clock = new VirtualClock(Date.now());
    const app = createApp(
      parseWorkerConfig(workerEnv(graph, { ...prefixes, rulesDir, extra: { WORKER_QUEUES: 'evaluate' } })),
      { clock },
    );
    await app.start();
    const get = (path: string) => fetch(`http://127.0.0.1:${app.port}${path}`);

    const before = await counter.settle(admin);
    const first = await Promise.all(Array.from({ length: 20 }, () => get('/readyz')));
    for (let i = 0; i < 5; i++) await get('/readyz');
    await Promise.all(Array.from({ length: 20 }, () => get('/metrics')));
    for (let i = 0; i < 5; i++) await get('/metrics');
    expect(first.map((r) => r.status)).toEqual(Array(20).fill(503));
    expect(await first[0]!.json()).toMatchObject({
      ready: false,
      reasons: ['tenant contoso has no successful poll yet'],
    });
    const flooded = await counter.settle(admin);
    expect(flooded.readiness - before.readiness).toBe(1);
    expect(flooded.metrics - before.metrics).toBe(1);

    // The answer is a second old at most: a poll another replica finished shows a second later.
    await admin.set(keys.lastSuccess('contoso'), String(clock.now()));
    clock.advance(999);
    expect((await get('/readyz')).status).toBe(503);
    clock.advance(1);
    const fresh = await get('/readyz');
    expect(fresh.status).toBe(200);
    expect(await fresh.json()).toMatchObject({ ready: true, reasons: [] });
    await get('/metrics');
    const after = await counter.settle(admin);
    expect(after.readiness - flooded.readiness).toBe(1);
    expect(after.metrics - flooded.metrics).toBe(1);
  });
});
