import type { ConsoleOptions } from '@b2c-alerts/console';
import { configuredTenantNames, consoleAlertHistory, openAlertHistory, openWorkerHealth } from '@b2c-alerts/worker';
import type { Environment } from '../env.js';
import { historyConnectionOf, queueConnectionOf } from '../env.js';

export interface ConsoleProviders {
  /** The console's `alerts` and `health`; empty when REDIS_URL is unset. */
  options: Pick<ConsoleOptions, 'alerts' | 'health'>;
  /** Closes the Redis connections; idempotent. */
  close(): Promise<void>;
}

/**
 * The worker's alert history and health for the console, read from the worker's Redis when REDIS_URL is
 * set (REDIS_KEY_PREFIX, BULLMQ_PREFIX as the worker reads them; the tenants of TENANT_NAME or
 * TENANTS_FILE, else those found in Redis). Nothing connects until a page asks: a Redis that is down
 * makes the Alerts and Health pages say so, and the console runs on.
 */
export function openConsoleProviders(env: Environment, now: () => number): ConsoleProviders {
  if (!env.REDIS_URL?.trim()) return { options: {}, close: async () => undefined };
  const history = historyConnectionOf(env);
  const queues = queueConnectionOf(env);
  const alerts = openAlertHistory({ redisUrl: history.redisUrl, keyPrefix: history.keyPrefix });
  const tenants = configuredTenantNames(env);
  const health = openWorkerHealth({
    redisUrl: history.redisUrl,
    keyPrefix: history.keyPrefix,
    queuePrefix: queues.queuePrefix,
    ...(tenants ? { tenants } : {}),
    now,
  });
  return {
    options: { alerts: consoleAlertHistory(alerts.history), health: () => health.read() },
    close: async () => {
      await Promise.all([alerts.close(), health.close()]);
    },
  };
}
