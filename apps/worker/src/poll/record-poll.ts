import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/redis-keys.js';

/** How long the last poll's record outlives it: a tenant no longer polled drops off the Health page. */
const lastPollTtlMs = 7 * 24 * 3_600_000;
/** How long a throttled poll is shown after its throttling ended. */
const throttledShownMs = 3_600_000;

export interface PollRecord {
  tenant: string;
  /** When the poll ended (ms). */
  at: number;
  /** The job's status (`polled`, `idle`, `aborted`) or `failed: <reason>`. */
  outcome: string;
  /** Time the poll waited for Graph's Retry-After or the rate limiter (ms). */
  throttledMs: number;
  /** Until when the tenant's reads stay throttled (ms): the next poll when Graph's retries ran out. */
  throttledUntil?: number;
}

/**
 * Records the last poll of a tenant for the console's Health page (small, expiring keys). Best effort:
 * the caller ignores a failure, the poll's own outcome stands.
 */
export async function recordPoll(redis: Redis, keys: RedisKeys, record: PollRecord): Promise<void> {
  const tx = redis
    .multi()
    .hset(keys.lastPoll(record.tenant), 'at', String(record.at), 'outcome', record.outcome.slice(0, 200))
    .pexpire(keys.lastPoll(record.tenant), lastPollTtlMs);
  if (record.throttledMs > 0 || record.throttledUntil !== undefined) {
    const until = Math.max(record.throttledUntil ?? record.at, record.at);
    tx.hset(keys.throttled(record.tenant), 'at', String(record.at), 'until', String(until)).pexpire(
      keys.throttled(record.tenant),
      until - record.at + throttledShownMs,
    );
  }
  await tx.exec();
}
