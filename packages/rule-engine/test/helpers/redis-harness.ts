import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisStateStore } from '../../src/index.js';
import type { StoreHarness } from '../store-suites/state-store-suite.js';

export function redisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** Keys under `prefix`, via SCAN. */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/**
 * A unique prefix on the real Redis. Every `open()` is a new connection and a new RedisStateStore on the
 * same prefix: a restarted worker, or a second one. `close()` deletes the prefix's keys.
 */
export function redisHarness(): StoreHarness & { prefix: string; admin: Redis } {
  const prefix = `test:rule-engine:${randomUUID()}`;
  const admin = new Redis(redisUrl(), { lazyConnect: false });
  const clients: Redis[] = [];
  return {
    prefix,
    admin,
    name: 'RedisStateStore',
    open() {
      const redis = new Redis(redisUrl());
      clients.push(redis);
      return new RedisStateStore({ redis, prefix });
    },
    async close() {
      const keys = await keysUnder(admin, prefix);
      if (keys.length > 0) await admin.del(...keys);
      await Promise.all(clients.map((client) => client.quit()));
      await admin.quit();
    },
  };
}
