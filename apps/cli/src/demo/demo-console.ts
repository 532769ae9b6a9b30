import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsole } from '@b2c-alerts/console';
import type { CommandContext } from '../command-context.js';
import { openConsoleProviders } from '../console/console-providers.js';
import { cliEngineOptions } from '../investigate/engine-options.js';

export interface DemoConsole {
  /** ARCHIVE_DIR for the demo's worker (a new temporary directory). */
  archiveRoot: string;
  /** e.g. http://127.0.0.1:8787/ : CONSOLE_URL for the worker, printed in the header. */
  url: string;
  /** The alerts the console's Alerts page lists now (GET /api/alerts). */
  alertCount(): Promise<number>;
  /** Stops the console, closes its Redis connections and removes the archive. */
  close(): Promise<void>;
}

/**
 * The web console over the demo tenant's archive (the worker archives to `archiveRoot/<tenant>`), with
 * the alert history and health of the demo's Redis prefixes: the planted incidents appear under Alerts
 * with their events. Started before the worker, so the worker's alerts link to it (CONSOLE_URL).
 */
export async function startDemoConsole(
  context: CommandContext,
  o: { tenant: string; port: number; redisUrl: string; keyPrefix: string; queuePrefix: string; rulesDir: string },
): Promise<DemoConsole> {
  const archiveRoot = await mkdtemp(join(tmpdir(), 'b2c-alerts-demo-archive-'));
  const archiveDir = join(archiveRoot, o.tenant);
  await mkdir(archiveDir, { recursive: true });
  const providers = openConsoleProviders(
    {
      REDIS_URL: o.redisUrl,
      REDIS_KEY_PREFIX: o.keyPrefix,
      BULLMQ_PREFIX: o.queuePrefix,
      TENANT_NAME: o.tenant,
    },
    () => context.clock.now(),
  );
  let running;
  try {
    running = await startConsole({
      archiveDir,
      port: o.port,
      engine: cliEngineOptions,
      // As the demo's worker: warnings only, unless LOG_LEVEL asks for more.
      logger: context.env.LOG_LEVEL?.trim() ? context.logger : context.logger.child({}, { level: 'warn' }),
      clock: context.clock,
      rules: { dir: o.rulesDir },
      ...providers.options,
    });
  } catch (error) {
    await providers.close();
    await rm(archiveRoot, { recursive: true, force: true });
    throw error;
  }
  const url = running.url;
  return {
    archiveRoot,
    url,
    async alertCount() {
      const answer = (await (await fetch(new URL('/api/alerts?since=2d&limit=500', url))).json()) as {
        alerts?: unknown[];
      };
      return answer.alerts?.length ?? 0;
    },
    async close() {
      await running.close();
      await providers.close();
      await rm(archiveRoot, { recursive: true, force: true });
    },
  };
}
