import { rm } from 'node:fs/promises';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { createWorkerApp, type WorkerApp, type WorkerAppDeps, type WorkerConfig } from '../../src/index.js';
import { adminRedis, deleteKeys, redisUrl, testPrefixes } from './redis-test.js';
import { writeRulesDir } from './rules-dir.js';
import { useCleanup, type Defer } from './use-cleanup.js';

export interface WorkerAppFixture {
  /** The file's own key and queue prefixes. */
  readonly prefixes: { keyPrefix: string; queuePrefix: string };
  /** A connection of the test's own, to read and plant keys. */
  readonly admin: Redis;
  /** Keeps a teardown step for after the test (see useCleanup). */
  readonly defer: Defer;
  /** writeRulesDir, the directory removed after the test. */
  readonly writeRules: (extra?: Record<string, string>) => Promise<string>;
  /** createWorkerApp, the app closed after the test. */
  readonly createApp: (config: WorkerConfig, deps?: WorkerAppDeps) => WorkerApp;
  /** The events of one queue under the file's prefix, on a connection of their own, once ready; closed after the test. */
  readonly openQueueEvents: (queueName: string) => Promise<QueueEvents>;
}

/**
 * For a test file whose tests run worker apps on the test Redis. After each test: the deferred steps
 * and the apps' close, last first; then, once nothing is left to write them, every key under the
 * file's prefixes is deleted and the rules directories are removed.
 */
export function useWorkerApp(): WorkerAppFixture {
  const prefixes = testPrefixes();
  const admin = adminRedis();
  const rulesDirs: string[] = [];
  const defer = useCleanup(
    () => deleteKeys(admin, prefixes.keyPrefix, prefixes.queuePrefix),
    async () => {
      for (const dir of rulesDirs.splice(0)) await rm(dir, { recursive: true, force: true });
    },
  );
  afterAll(() => admin.quit());
  return {
    prefixes,
    admin,
    defer,
    writeRules: async (extra) => {
      const dir = await writeRulesDir(extra);
      rulesDirs.push(dir);
      return dir;
    },
    createApp: (config, deps) => {
      const app = createWorkerApp(config, deps);
      defer(() => app.close());
      return app;
    },
    openQueueEvents: async (queueName) => {
      const events = new QueueEvents(queueName, {
        connection: new Redis(redisUrl(), { maxRetriesPerRequest: null }),
        prefix: prefixes.queuePrefix,
      });
      defer(() => events.close());
      await events.waitUntilReady();
      return events;
    },
  };
}
