import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { queueNames, type DeliverJobData } from '../queues.js';

export interface DeliverQueueHandle {
  queue: Queue<DeliverJobData>;
  /** Closes the queue and its connection; idempotent. */
  close(): Promise<void>;
}

/**
 * The deliver queue on its own connection, for tools outside the worker (`b2c-alerts deadletters`).
 * `prefix` is the workers' BullMQ prefix (BULLMQ_PREFIX, default `bull`). Fails within seconds when
 * Redis is down: the connection gives up after a few tries and its commands are rejected.
 */
export function openDeliverQueue(options: { redisUrl: string; prefix?: string }): DeliverQueueHandle {
  const connection = new Redis(options.redisUrl, {
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    retryStrategy: (times) => (times > 2 ? null : 250),
  });
  // Errors surface through the commands; the URL (which may hold a password) is never printed.
  connection.on('error', () => undefined);
  const queue = new Queue<DeliverJobData>(queueNames.deliver, { connection, prefix: options.prefix ?? 'bull' });
  queue.on('error', () => undefined);
  let closing: Promise<void> | undefined;
  return {
    queue,
    close() {
      closing ??= (async () => {
        await queue.close().catch(() => undefined);
        await connection.quit().catch(() => connection.disconnect());
      })();
      return closing;
    },
  };
}
