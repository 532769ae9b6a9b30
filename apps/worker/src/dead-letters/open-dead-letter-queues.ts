import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import {
  queueNames,
  type AlertJobData,
  type DeliverJobData,
  type EvaluateJobData,
  type TickJobData,
} from '../queues/queues.js';

/** The queues whose failed sets hold jobs that failed for good and can be re-driven. */
export interface DeadLetterQueues {
  deliver: Queue<DeliverJobData>;
  evaluate: Queue<EvaluateJobData | TickJobData>;
  /** Alert jobs and group flushes. */
  alerts: Queue<AlertJobData | Record<string, unknown>>;
}

export interface DeadLetterQueuesHandle {
  queues: DeadLetterQueues;
  /** Closes the queues and their connection; idempotent. */
  close(): Promise<void>;
}

/**
 * The deliver, evaluate and alerts queues on one connection of their own, for tools outside the worker
 * (`b2c-alerts deadletters`). `prefix` is the workers' BullMQ prefix (BULLMQ_PREFIX, default `bull`).
 * Fails within seconds when Redis is down: the connection gives up after a few tries.
 */
export function openDeadLetterQueues(options: { redisUrl: string; prefix?: string }): DeadLetterQueuesHandle {
  const connection = new Redis(options.redisUrl, {
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    retryStrategy: (times) => (times > 2 ? null : 250),
  });
  // Errors surface through the commands; the URL (which may hold a password) is never printed.
  connection.on('error', () => undefined);
  const prefix = options.prefix ?? 'bull';
  const queues: DeadLetterQueues = {
    deliver: new Queue<DeliverJobData>(queueNames.deliver, { connection, prefix }),
    evaluate: new Queue<EvaluateJobData | TickJobData>(queueNames.evaluate, { connection, prefix }),
    alerts: new Queue<AlertJobData | Record<string, unknown>>(queueNames.alerts, { connection, prefix }),
  };
  for (const queue of Object.values(queues)) queue.on('error', () => undefined);
  let closing: Promise<void> | undefined;
  return {
    queues,
    close() {
      closing ??= (async () => {
        await Promise.all(Object.values(queues).map((q: Queue) => q.close().catch(() => undefined)));
        await connection.quit().catch(() => connection.disconnect());
      })();
      return closing;
    },
  };
}
