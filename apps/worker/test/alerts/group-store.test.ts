import { randomUUID } from 'node:crypto';
import type { Alert } from '@b2c-alerts/notify';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { GroupStore } from '../../src/alerts/group-store.js';
import { mergeAlerts } from '../../src/alerts/merge-alerts.js';
import { routesForAlert } from '../../src/alerts/routes-for-alert.js';
import { RedisKeys } from '../../src/redis/redis-keys.js';
import { redisUrl, route } from '../helpers/alert-pipeline-harness.js';

const redis = new Redis(redisUrl());
const prefix = `test-${randomUUID()}`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const minute = 60_000;

function alert(id: string, o: Partial<Alert> = {}): Alert {
  return {
    id,
    ruleId: 'r',
    title: 'T',
    description: 'D',
    severity: 'high',
    status: 'firing',
    groupKey: 'r',
    count: 1,
    firstTime: '2026-01-05T10:00:00Z',
    lastTime: '2026-01-05T10:00:00Z',
    eventIds: [`e-${id}`],
    suppressed: 0,
    fields: [],
    ruleSetVersion: 'v',
    ...o,
  };
}

describe('GroupStore', () => {
  const r = route('security', {
    slack: { channel: '#sec' },
    groupWaitMs: 30_000,
    groupIntervalMs: 5 * minute,
    repeatIntervalMs: 60 * minute,
  });

  it('opens a window per flush, takes each window once, and drops replays', async () => {
    const store = new GroupStore(redis, new RedisKeys(prefix));
    const t0 = Date.parse('2026-01-05T10:00:00Z');
    expect(await store.add(r, 'g1', alert('a'), t0)).toEqual({ added: true, window: 1, flushAt: t0 + 30_000 });
    expect(await store.add(r, 'g1', alert('b'), t0 + 1000)).toEqual({ added: true, window: 1, flushAt: t0 + 30_000 });
    expect(await store.add(r, 'g1', alert('a'), t0 + 2000)).toEqual({ added: false, window: 1, flushAt: t0 + 30_000 });
    expect(await store.take(r, 'g1', 2, t0 + 30_000)).toEqual({ kind: 'none' });
    const batch = await store.take(r, 'g1', 1, t0 + 30_000);
    expect(batch).toMatchObject({ kind: 'batch', root: true, epoch: 1 });
    expect(batch.kind === 'batch' && batch.alerts.map((a) => a.id)).toEqual(['a', 'b']);
    // A flush that runs again gets the same batch until it is marked enqueued.
    expect(await store.take(r, 'g1', 1, t0 + 31_000)).toEqual(batch);
    await store.markEnqueued(r.name, 'g1', 1);
    expect(await store.take(r, 'g1', 1, t0 + 31_000)).toEqual({ kind: 'done' });

    // Next alert: due group_interval after the flush, in the same episode.
    expect(await store.add(r, 'g1', alert('c'), t0 + minute)).toEqual({
      added: true,
      window: 2,
      flushAt: t0 + 30_000 + 5 * minute,
    });
    expect(await store.add(r, 'g1', alert('b'), t0 + minute)).toMatchObject({ added: false });
    expect(await store.take(r, 'g1', 2, t0 + 6 * minute)).toMatchObject({ kind: 'batch', root: false, epoch: 1 });
    // Quiet for repeat_interval: a new episode, after group_wait again.
    const later = t0 + 6 * minute + 60 * minute;
    expect(await store.add(r, 'g1', alert('d'), later)).toEqual({ added: true, window: 3, flushAt: later + 30_000 });
    expect(await store.take(r, 'g1', 3, later + 30_000)).toMatchObject({ kind: 'batch', root: true, epoch: 2 });
  });

  it('moves the alerts of a flush that never ran (its job lost) to a new window', async () => {
    const store = new GroupStore(redis, new RedisKeys(prefix));
    const t0 = Date.parse('2026-01-05T10:00:00Z');
    await store.add(r, 'g2', alert('a'), t0);
    const late = t0 + 30_000 + 16 * minute;
    expect(await store.add(r, 'g2', alert('b'), late)).toEqual({ added: true, window: 2, flushAt: late });
    expect(await store.take(r, 'g2', 1, late)).toEqual({ kind: 'none' });
    const batch = await store.take(r, 'g2', 2, late);
    expect(batch.kind === 'batch' && [batch.root, batch.alerts.map((a) => a.id)]).toEqual([true, ['a', 'b']]);
  });
});

describe('mergeAlerts', () => {
  it('sums counts, spans the times, keeps the newest details and derives a stable id', () => {
    const merged = mergeAlerts([
      alert('a', {
        count: 2,
        eventIds: ['e1', 'e2'],
        firstTime: '2026-01-05T10:00:00Z',
        lastTime: '2026-01-05T10:01:00Z',
        actor: 'old',
      }),
      alert('b', {
        count: 3,
        suppressed: 4,
        eventIds: ['e2', 'e3'],
        firstTime: '2026-01-05T10:02:00Z',
        lastTime: '2026-01-05T10:05:00Z',
        actor: 'new',
      }),
    ]);
    expect(merged).toMatchObject({
      count: 5,
      suppressed: 4,
      eventIds: ['e1', 'e2', 'e3'],
      firstTime: '2026-01-05T10:00:00Z',
      lastTime: '2026-01-05T10:05:00Z',
      actor: 'new',
    });
    expect(merged.id).toMatch(/^[0-9a-f]{16}$/);
    expect(mergeAlerts([alert('a'), alert('b')]).id).toBe(mergeAlerts([alert('a'), alert('b')]).id);
    expect(mergeAlerts([alert('a')])).toEqual(alert('a'));
  });
});

describe('routesForAlert', () => {
  it('takes each named route once if it takes the severity, and lists undefined names', () => {
    const routes = { routes: { security: route('security'), pager: route('pager', { severities: ['critical'] }) } };
    expect(routesForAlert(['security', 'pager', 'security', 'constructor'], 'high', routes)).toEqual({
      routes: [routes.routes.security],
      missing: ['constructor'],
    });
    expect(routesForAlert(['pager'], 'critical', routes).routes.map((r) => r.name)).toEqual(['pager']);
  });
});
