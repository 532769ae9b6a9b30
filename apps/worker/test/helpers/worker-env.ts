import { emulatorEnv, type GraphEmulator } from '@b2c-alerts/testkit';
import { redisUrl } from './redis-test.js';

/** The environment of a worker reading `emulator`, on the test Redis with the test's prefixes. */
export function workerEnv(
  emulator: GraphEmulator,
  o: { keyPrefix: string; queuePrefix: string; rulesDir: string; extra?: Record<string, string> },
): Record<string, string> {
  return {
    REDIS_URL: redisUrl(),
    REDIS_KEY_PREFIX: o.keyPrefix,
    BULLMQ_PREFIX: o.queuePrefix,
    ...emulatorEnv(emulator),
    TENANT_NAME: 'contoso',
    RULES_DIR: o.rulesDir,
    PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    GRAPH_RATE_LIMIT: 'off',
    ...o.extra,
  };
}
