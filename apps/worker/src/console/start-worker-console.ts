import { mkdir } from 'node:fs/promises';
import type { Clock } from '@b2c-alerts/audit-client';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AlertHistory } from '../alert-history/alert-history.js';
import type { WorkerConsoleConfig } from '../config/console-env.js';
import { readWorkerHealth } from '../health/worker-health.js';
import type { WorkerQueues } from '../queues/queues.js';
import type { RedisKeys } from '../redis/redis-keys.js';
import type { RulesState } from '../rules/rules-state.js';
import { consoleAlertHistory } from './console-alert-history.js';
import { WorkerConfigError } from '../errors/worker-config-error.js';

export interface WorkerConsoleDeps {
  config: WorkerConsoleConfig;
  rulesDir: string;
  /** The worker's rules; the console shows the current set. */
  rules: Pick<RulesState, 'current'>;
  redis: Redis;
  keys: RedisKeys;
  queues: WorkerQueues;
  tenants: readonly string[];
  /** The tenant id (AZURE_TENANT_ID) of a worker with one tenant: the console refuses another tenant's archive. */
  tenantId?: string;
  clock: Clock;
  logger: Logger;
}

export interface RunningWorkerConsole {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the web console (CONSOLE_PORT) over the worker's archive, with the worker's own alert history,
 * health and rules directory. The console (and DuckDB with it) is imported only here, so a worker without
 * CONSOLE_PORT never loads it.
 */
export async function startWorkerConsole(deps: WorkerConsoleDeps): Promise<RunningWorkerConsole> {
  deps.logger.debug('console starting');
  const { startConsole, ConsoleError } = await import('@b2c-alerts/console');
  const { config, redis, keys, queues, tenants, clock } = deps;
  // ARCHIVE_DIR/<tenant> before the first poll wrote to it: the archive writer would make it the same way.
  if (config.archiveDefaulted) await mkdir(config.archiveDir, { recursive: true });
  try {
    return await startConsole({
      archiveDir: config.archiveDir,
      host: config.host,
      port: config.port,
      ...(config.token === undefined ? {} : { token: config.token }),
      ...(deps.tenantId === undefined ? {} : { tenant: deps.tenantId }),
      logger: deps.logger.child({ component: 'console' }),
      clock,
      alerts: consoleAlertHistory(new AlertHistory(redis, keys)),
      health: () => readWorkerHealth({ redis, keys, queues, tenants, now: () => clock.now() }),
      // Asked at each request, so the Rules page and backtests follow a hot reload.
      rules: { current: () => deps.rules.current?.ruleSet, dir: deps.rulesDir },
    });
  } catch (error) {
    // The archive recorded for another tenant than this worker's (investigate's check, at start).
    const code = (error as { code?: unknown } | undefined)?.code;
    if (!(error instanceof ConsoleError) && code !== 'IV_ERR_TENANT_MISMATCH') throw error;
    const variable = code === 'CONSOLE_ERR_LISTEN' ? 'CONSOLE_PORT' : 'CONSOLE_ARCHIVE';
    throw new WorkerConfigError([{ variable, message: (error as Error).message }]);
  }
}
