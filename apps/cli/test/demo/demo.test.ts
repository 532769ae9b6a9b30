import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { resolveDemoRedis } from '../../src/demo/demo-redis.js';
import { findOnPath } from '../../src/demo/find-on-path.js';
import { redisAnswers } from '../../src/demo/redis-answers.js';
import { runCliCapture } from '../helpers/run-cli-capture.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const rulesDir = fileURLToPath(new URL('../../../../rules/', import.meta.url));
const redisServer = await findOnPath('redis-server', process.env.PATH);

async function keysUnder(prefix: string): Promise<string[]> {
  const redis = new Redis(redisUrl);
  try {
    return await redis.keys(`${prefix}*`);
  } finally {
    await redis.quit();
  }
}

describe('b2c-alerts demo', () => {
  it('runs the worker on the live tenant until all three incidents reach Slack and email, then leaves no keys in Redis', async () => {
    const { code, stdout, stderr } = await runCliCapture(
      ['demo', '--rules', rulesDir, '--speed', '10', '--minutes', '2', '--until-alerts'],
      { REDIS_URL: redisUrl },
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('(REDIS_URL)');
    expect(stdout.match(/incident planted: /g)).toHaveLength(3);
    expect(stdout).toMatch(
      /slack {2}#security-alerts top-level: :rotating_light: \[CRITICAL\] Policy key deleted — .*B2C_1A_TokenSigningKeyContainer/,
    );
    expect(stdout).toMatch(
      /slack {2}#security-alerts top-level: :red_circle: \[HIGH\] Burst of custom policy changes by one actor — .*oscar@/,
    );
    expect(stdout).toMatch(
      /slack {2}#security-alerts top-level: :red_circle: \[HIGH\] Password spray from one IP address — .*198\.51\.100\.77/,
    );
    for (const subject of [
      '[CRITICAL] Policy key deleted',
      '[HIGH] Burst of custom policy changes by one actor',
      '[HIGH] Password spray from one IP address',
    ]) {
      expect(stdout).toContain(`email  "${subject}" to soc@example.test`);
    }
    expect(stdout).toMatch(/b2c\.keys\.policy-key-deleted +1\n/);
    expect(stdout).toContain('expected 3 incidents → 3 alerted');
    // The web console ran over the demo's archive and Redis: its Alerts page (GET /api/alerts at the printed
    // URL, asked by the demo before it stopped) listed the alerts.
    expect(stdout).toMatch(/ {2}Console {17}http:\/\/127\.0\.0\.1:\d+\/ /);
    const consoleUrl = / {2}Console {17}(http:\/\/127\.0\.0\.1:\d+)\/ /.exec(stdout)?.[1];
    // Each Slack alert links to it (CONSOLE_URL).
    expect(stdout.split(`investigate  ${consoleUrl}/#/alerts/`).length - 1).toBeGreaterThanOrEqual(3);
    expect(Number(/ {2}console +(\d+) alerts under Alerts/.exec(stdout)?.[1])).toBeGreaterThanOrEqual(3);

    const prefix = /keys under (b2c-demo-[0-9a-f]{8})\*/.exec(stdout)?.[1];
    expect(prefix).toBeDefined();
    expect(await keysUnder(prefix!)).toEqual([]);
  }, 150_000);

  it('says how to get Redis and exits 2 when REDIS_URL is unset and no redis-server is on PATH', async () => {
    const { code, stdout, stderr } = await runCliCapture(['demo', '--rules', rulesDir], { PATH: '/nonexistent' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'Redis is needed: set REDIS_URL, or install redis-server (Debian: apt-get install redis-server)',
    );
  });

  it('rejects a speed out of range before starting anything', async () => {
    const { code, stderr } = await runCliCapture(['demo', '--speed', '50'], { REDIS_URL: redisUrl });
    expect(code).toBe(2);
    expect(stderr).toContain('--speed must be a number from 1 to 10');
  });

  it.skipIf(redisServer === undefined)(
    'without REDIS_URL, starts a private redis-server on a loopback port and stops it',
    async () => {
      const notes: string[] = [];
      const redis = await resolveDemoRedis({ PATH: process.env.PATH }, (line) => notes.push(line));
      expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(redis.shown).toBe(`${redis.url} (a private redis-server, stopped at the end)`);
      expect(await redisAnswers(redis.url)).toBe(true);
      await redis.stop();
      expect(await redisAnswers(redis.url)).toBe(false);
      expect(notes).toEqual([]);
    },
  );
});
