import { PrivateRedisServer } from '@b2c-alerts/testkit';
import { configProblemLines, queueEnv, readEnv } from '@b2c-alerts/worker';
import { z } from 'zod';
import type { Environment } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { findOnPath } from './find-on-path.js';
import { redisAnswers } from './redis-answers.js';

export interface DemoRedis {
  /** May hold a password: never printed (see `shown`). */
  url: string;
  /** What the header says about it, without credentials. */
  shown: string;
  /** Stops a private server; nothing for REDIS_URL. */
  stop(): Promise<void>;
}

/** REDIS_URL as the worker reads it: the same URL and TLS rules, the same wording. */
const redisUrlSchema = z.object({ REDIS_URL: queueEnv.REDIS_URL });

const howToGetOne = 'Redis is needed: set REDIS_URL, or install redis-server (Debian: apt-get install redis-server)';

/** `redis://host:port/db` without user or password. */
function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

/**
 * The demo's Redis: REDIS_URL when it is set and answers, else a private redis-server from PATH on a
 * free loopback port (stopped by `stop`), else CLI_ERR_CONFIG saying how to get one.
 */
export async function resolveDemoRedis(env: Environment, note: (line: string) => void): Promise<DemoRedis> {
  const configured = env.REDIS_URL?.trim();
  if (configured) {
    const read = readEnv(redisUrlSchema, env);
    if (read.complete === undefined)
      throw new CliError(
        'CLI_ERR_CONFIG',
        `REDIS_URL cannot be used:\n${configProblemLines(read.problems)}\nFix it or unset it.`,
        { problems: read.problems },
      );
    if (await redisAnswers(configured))
      return { url: configured, shown: `${withoutCredentials(configured)} (REDIS_URL)`, stop: async () => undefined };
    note(`REDIS_URL (${withoutCredentials(configured)}) does not answer; trying a private redis-server instead.`);
  }
  const binary = await findOnPath('redis-server', env.PATH);
  if (!binary)
    throw new CliError('CLI_ERR_CONFIG', configured ? `${howToGetOne}; REDIS_URL does not answer.` : howToGetOne);
  try {
    const server = await PrivateRedisServer.start({ binary, env, dirPrefix: 'b2c-alerts-demo-redis-' });
    return {
      url: server.url,
      shown: `${server.url} (a private redis-server, stopped at the end)`,
      stop: () => server.stop(),
    };
  } catch (error) {
    throw new CliError(
      'CLI_ERR_RUNTIME',
      `${binary} did not start (${(error as Error).message}); set REDIS_URL to a running Redis instead.`,
      { cause: error },
    );
  }
}
