import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkRedisVersion,
  minRedisVersion,
  redisVersionAtLeast,
  redisVersionOf,
} from '../../src/redis/redis-version.js';
import { adminRedis } from '../helpers/redis-test.js';

const redis = adminRedis();
afterAll(async () => {
  await redis.quit();
});

describe('the Redis version check at worker start', () => {
  it('refuses Redis older than 6.2 and accepts 6.2 and later', () => {
    expect(minRedisVersion).toBe('6.2.0');
    for (const old of ['6.0.16', '5.0.14', '6.1.99', '4.0.0']) expect(redisVersionAtLeast(old)).toBe(false);
    for (const ok of ['6.2.0', '6.2.14', '7.0.15', '7.2.4', '10.0.0']) expect(redisVersionAtLeast(ok)).toBe(true);
    expect(redisVersionOf('# Server\r\nredis_version:6.0.16\r\nredis_git_sha1:0\r\n')).toBe('6.0.16');
    expect(redisVersionOf('# Server\r\n')).toBeUndefined();
  });

  it('refuses to start with a config error naming REDIS_URL and the version found', async () => {
    // A stand-in for an old server's INFO reply (ioredis's, not one of our modules).
    const old = { info: async () => '# Server\r\nredis_version:6.0.16\r\n' } as unknown as Redis;
    await expect(checkRedisVersion(old)).rejects.toMatchObject({
      code: 'WK_ERR_CONFIG',
      message: expect.stringMatching(/REDIS_URL.*Redis 6\.0\.16.*6\.2\.0 or later/),
    });
  });

  it('passes on the Redis the tests run against, having read its version', async () => {
    const version = redisVersionOf(await redis.info('server'));
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    await expect(checkRedisVersion(redis)).resolves.toBeUndefined();
  });
});
