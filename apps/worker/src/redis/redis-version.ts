import type { Redis } from 'ioredis';
import { WorkerError } from '../errors/worker-error.js';

/** The oldest Redis the worker runs on: the alert history's XTRIM MINID needs 6.2, as BullMQ recommends. */
export const minRedisVersion = '6.2.0';

/** `redis_version` of an `INFO server` reply; undefined when absent. */
export function redisVersionOf(info: string): string | undefined {
  return /^redis_version:([^\r\n]+)/m.exec(info)?.[1]?.trim();
}

/** Whether `version` (e.g. "6.0.16", "7.0.15") is at least `min`, comparing major, minor, patch as numbers. */
export function redisVersionAtLeast(version: string, min: string = minRedisVersion): boolean {
  const parts = (v: string) => v.split('.').map((n) => Number.parseInt(n, 10));
  const a = parts(version);
  const b = parts(min);
  for (let i = 0; i < 3; i++) {
    const x = Number.isNaN(a[i] ?? 0) ? -1 : (a[i] ?? 0);
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/**
 * Asks the server its version (`INFO server`) and refuses an older one than minRedisVersion with
 * WK_ERR_CONFIG naming REDIS_URL and the version found. A server that hides it (a proxy) is accepted.
 */
export async function checkRedisVersion(redis: Redis): Promise<void> {
  const version = redisVersionOf(await redis.info('server'));
  if (version === undefined || redisVersionAtLeast(version)) return;
  throw new WorkerError(
    'WK_ERR_CONFIG',
    `REDIS_URL points to Redis ${version}; the worker needs Redis ${minRedisVersion} or later ` +
      '(the alert history trims with XTRIM MINID; BullMQ recommends 6.2). Upgrade Redis or point REDIS_URL at a newer one.',
  );
}
