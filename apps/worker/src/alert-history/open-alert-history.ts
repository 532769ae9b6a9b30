import { Redis } from 'ioredis';
import { RedisKeys } from '../redis/redis-keys.js';
import { AlertHistory } from './alert-history.js';

export interface AlertHistoryHandle {
  history: AlertHistory;
  /** Closes the connection; idempotent. */
  close(): Promise<void>;
}

/**
 * The alert history on a connection of its own, for tools outside the worker (`b2c-alerts alerts list`,
 * the console). `keyPrefix` is the worker's REDIS_KEY_PREFIX (default `b2c`). Fails within seconds when
 * Redis is down: the connection gives up after a few tries.
 */
export function openAlertHistory(options: { redisUrl: string; keyPrefix?: string }): AlertHistoryHandle {
  const connection = new Redis(options.redisUrl, {
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    retryStrategy: (times) => (times > 2 ? null : 250),
  });
  // Errors surface through the reader's calls; the URL (which may hold a password) is never printed.
  connection.on('error', () => undefined);
  let closing: Promise<void> | undefined;
  return {
    history: new AlertHistory(connection, new RedisKeys(options.keyPrefix ?? 'b2c')),
    close() {
      closing ??= connection.quit().then(
        () => undefined,
        () => connection.disconnect(),
      );
      return closing;
    },
  };
}
