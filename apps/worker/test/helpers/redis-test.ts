import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export function redisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** Unique prefixes for one test: our keys and BullMQ's. */
export function testPrefixes(): { keyPrefix: string; queuePrefix: string } {
  const id = randomUUID().slice(0, 8);
  return { keyPrefix: `test-wk-${id}`, queuePrefix: `test-bq-${id}` };
}

/** Deletes every key under the given prefixes. */
export async function deleteKeys(redis: Redis, ...prefixes: string[]): Promise<void> {
  for (const prefix of prefixes) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  }
}

export function adminRedis(): Redis {
  return new Redis(redisUrl());
}
