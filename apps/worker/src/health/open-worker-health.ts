import { Redis } from 'ioredis';
import { createQueues } from '../queues/queues.js';
import { RedisKeys } from '../redis/redis-keys.js';
import { readWorkerHealth, type WorkerHealth } from './worker-health.js';

export interface WorkerHealthHandle {
  /** Reads the health afresh; throws when Redis does not answer. */
  read(): Promise<WorkerHealth>;
  /** Closes the queues and the connection; idempotent. */
  close(): Promise<void>;
}

/**
 * The worker's health on a connection of its own, for tools outside the worker (the CLI's console).
 * `keyPrefix` and `queuePrefix` are the worker's REDIS_KEY_PREFIX (default `b2c`) and BULLMQ_PREFIX
 * (default `bull`); without `tenants`, those found in Redis. Fails within seconds when Redis is down.
 */
export function openWorkerHealth(options: {
  redisUrl: string;
  keyPrefix?: string;
  queuePrefix?: string;
  tenants?: readonly string[];
  now?: () => number;
}): WorkerHealthHandle {
  const connection = new Redis(options.redisUrl, {
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    retryStrategy: (times) => (times > 2 ? null : 250),
  });
  // Errors surface through read(); the URL (which may hold a password) is never printed.
  connection.on('error', () => undefined);
  const queues = createQueues(connection, options.queuePrefix ?? 'bull');
  for (const queue of Object.values(queues)) queue.on('error', () => undefined);
  const keys = new RedisKeys(options.keyPrefix ?? 'b2c');
  let closing: Promise<void> | undefined;
  return {
    read: () =>
      readWorkerHealth({
        redis: connection,
        keys,
        queues,
        ...(options.tenants ? { tenants: options.tenants } : {}),
        now: options.now ?? Date.now,
      }),
    close() {
      closing ??= (async () => {
        await Promise.all(Object.values(queues).map((q) => q.close().catch(() => undefined)));
        await connection.quit().catch(() => connection.disconnect());
      })();
      return closing;
    },
  };
}
