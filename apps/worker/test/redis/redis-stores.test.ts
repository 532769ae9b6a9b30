import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RedisKeys } from '../../src/index.js';
import { RedisCheckpointStore } from '../../src/redis/redis-checkpoint-store.js';
import { RedisSeenStore } from '../../src/redis/redis-seen-store.js';
import { RedisLock } from '../../src/redis/redis-lock.js';
import { deleteKeys, redisUrl, testPrefixes } from '../helpers/redis-test.js';

const minute = 60_000;
const T0 = Date.parse('2026-01-05T12:00:00Z');

function audit(id: string, at: number): DirectoryAudit {
  return { id, activityDateTime: new Date(at).toISOString() } as DirectoryAudit;
}

describe('Redis checkpoint and seen stores', () => {
  const redis = new Redis(redisUrl());
  const { keyPrefix } = testPrefixes();
  const keys = new RedisKeys(keyPrefix);

  afterEach(() => deleteKeys(redis, keyPrefix));
  afterAll(() => redis.quit());

  it('keeps one watermark per tenant', async () => {
    const contoso = new RedisCheckpointStore(redis, keys.watermark('contoso'));
    const fabrikam = new RedisCheckpointStore(redis, keys.watermark('fabrikam'));
    expect(await contoso.getWatermark()).toBeUndefined();
    await contoso.setWatermark(T0);
    expect(await contoso.getWatermark()).toBe(T0);
    expect(await fabrikam.getWatermark()).toBeUndefined();
    // A second store on the key (another replica) sees it.
    expect(await new RedisCheckpointStore(redis, keys.watermark('contoso')).getWatermark()).toBe(T0);
    expect(await redis.get(`${keyPrefix}:poll:contoso:watermark`)).toBe(String(T0));
  });

  it('filters seen ids (also repeats inside one batch) and shares them across instances', async () => {
    const seen = new RedisSeenStore({ redis, key: keys.seen('contoso'), horizonMs: 60 * minute });
    const events = [audit('a', T0), audit('b', T0 + 1), audit('c', T0 + 2)];
    expect(await seen.filterUnseen(events)).toEqual(events);
    await seen.markSeen(events.slice(0, 2));
    const other = new RedisSeenStore({ redis, key: keys.seen('contoso'), horizonMs: 60 * minute });
    expect((await other.filterUnseen([...events, audit('c', T0 + 2), audit('d', T0 + 3)])).map((e) => e.id)).toEqual([
      'c',
      'd',
    ]);
    expect(
      (await new RedisSeenStore({ redis, key: keys.seen('fabrikam'), horizonMs: minute }).filterUnseen(events)).length,
    ).toBe(3);
    expect(await redis.zscore(keys.seen('contoso'), 'b')).toBe(String(T0 + 1));
  });

  it('prunes ids older than the horizon behind the newest marked, in event time', async () => {
    const seen = new RedisSeenStore({ redis, key: keys.seen('contoso'), horizonMs: 45 * minute });
    await seen.markSeen([
      audit('old', T0 - 60 * minute),
      audit('edge', T0 - 45 * minute),
      audit('recent', T0 - 10 * minute),
    ]);
    await seen.markSeen([audit('now', T0)]);
    expect(await redis.zrange(keys.seen('contoso'), 0, '-1')).toEqual(['edge', 'recent', 'now']);
    expect(await redis.pttl(keys.seen('contoso'))).toBeGreaterThan(7 * 24 * 60 * minute);
  });

  it('handles pages larger than one ZMSCORE chunk', async () => {
    const seen = new RedisSeenStore({ redis, key: keys.seen('contoso'), horizonMs: 60 * minute });
    const many = Array.from({ length: 1200 }, (_, i) => audit(`id-${i}`, T0 + i));
    await seen.markSeen(many.filter((_, i) => i % 2 === 0));
    const fresh = await seen.filterUnseen(many);
    expect(fresh.length).toBe(600);
    expect(fresh.every((e) => Number(e.id.slice(3)) % 2 === 1)).toBe(true);
  });
});

describe('RedisLock', () => {
  const redis = new Redis(redisUrl());
  const { keyPrefix } = testPrefixes();
  afterEach(() => deleteKeys(redis, keyPrefix));
  afterAll(() => redis.quit());

  it('is held by one owner at a time and released only by its owner', async () => {
    const key = `${keyPrefix}:lock`;
    const first = await RedisLock.acquire(redis, key, 10_000);
    expect(first).toBeDefined();
    expect(await RedisLock.acquire(redis, key, 10_000)).toBeUndefined();
    await first!.release();
    const second = await RedisLock.acquire(redis, key, 10_000);
    expect(second).toBeDefined();
    await first!.release(); // a stale holder cannot release the new lease
    expect(await redis.exists(key)).toBe(1);
    await second!.release();
    expect(await redis.exists(key)).toBe(0);
  });

  it('signals `lost` when its lease was taken over', async () => {
    const key = `${keyPrefix}:lock`;
    const lock = (await RedisLock.acquire(redis, key, 300))!;
    await redis.set(key, 'someone-else');
    await new Promise<void>((resolve) => lock.lost.addEventListener('abort', () => resolve(), { once: true }));
    expect(lock.lost.aborted).toBe(true);
    await lock.release();
    expect(await redis.get(key)).toBe('someone-else');
  });
});
