import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { WorkerError } from '../errors/worker-error.js';

/**
 * The worker's Redis connections (BullMQ production guide). `producer` serves queues, stores, locks and
 * rule state and fails fast (`enableOfflineQueue: false`): a poll or job that cannot reach Redis fails
 * and is retried, rather than hanging. Each BullMQ Worker gets its own connection with
 * `maxRetriesPerRequest: null`, so workers wait out a Redis restart. Every connection has an error
 * listener; the URL (which may hold a password) is never logged.
 */
export class RedisConnections {
  readonly producer: Redis;
  readonly #all: Redis[] = [];
  readonly #url: string;
  readonly #logger: Logger;

  constructor(url: string, logger: Logger) {
    this.#url = url;
    this.#logger = logger;
    this.producer = this.#open('producer', { enableOfflineQueue: false });
  }

  /** A new connection for one BullMQ Worker (BullMQ duplicates it for its blocking client). */
  forWorker(name: string): Redis {
    return this.#open(name, { maxRetriesPerRequest: null });
  }

  /** Resolves once the producer connection is ready; WK_ERR_REDIS after `timeoutMs`. */
  async ready(timeoutMs: number): Promise<void> {
    if (this.producer.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new WorkerError(
            'WK_ERR_REDIS',
            `Redis did not answer within ${timeoutMs} ms; check REDIS_URL and that Redis is running.`,
          ),
        );
      }, timeoutMs);
      const onReady = () => {
        cleanup();
        resolve();
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.producer.off('ready', onReady);
      };
      this.producer.on('ready', onReady);
    });
  }

  /** Quits every connection (disconnects those that do not answer); returns the errors instead of throwing. */
  async close(): Promise<Error[]> {
    const errors: Error[] = [];
    await Promise.all(
      this.#all.map(async (redis) => {
        if (redis.status === 'end') return;
        try {
          if (redis.status === 'ready') await redis.quit();
          else redis.disconnect();
        } catch (error) {
          redis.disconnect();
          if (!/Connection is closed/.test((error as Error).message)) errors.push(error as Error);
        }
      }),
    );
    return errors;
  }

  #open(name: string, options: { enableOfflineQueue?: boolean; maxRetriesPerRequest?: null }): Redis {
    const redis = new Redis(this.#url, { ...options, connectionName: `b2c-worker-${name}` });
    redis.on('error', (error: Error) => {
      // No `err`: an ioredis error may quote the URL it dialled.
      this.#logger.warn({ connection: name, code: (error as NodeJS.ErrnoException).code }, 'redis connection error');
    });
    this.#all.push(redis);
    return redis;
  }
}
