import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/redis-keys.js';

/** Shortest pause on a 429, so a `Retry-After: 0` does not spin. */
export const minSlackPauseMs = 1000;
/**
 * Longest pause on a 429. Retry-After comes from whoever answers at SLACK_API_URL: a broken or hostile
 * endpoint answered 999,999,999 s, which would have held every replica's Slack deliveries for decades.
 * Slack itself asks for seconds to a minute; a longer wait is met again by the next 429 if it is real.
 */
export const maxSlackPauseMs = 15 * 60_000;

/** The Retry-After a channel asked for, bounded to [minSlackPauseMs, maxSlackPauseMs]. */
export function boundedSlackPauseMs(retryAfterMs: number): number {
  if (!Number.isFinite(retryAfterMs)) return maxSlackPauseMs;
  return Math.min(maxSlackPauseMs, Math.max(minSlackPauseMs, retryAfterMs));
}

/**
 * The Slack pause shared by every replica (`<prefix>:slack-pause`, see RedisKeys): a 429 sets it for
 * its bounded Retry-After, and every Slack delivery waits it out before posting. Only Slack jobs look
 * at it, so email deliveries on the same queue go on while Slack is paused.
 */
export class SlackPause {
  readonly #redis: Redis;
  readonly #key: string;

  constructor(redis: Redis, keys: RedisKeys) {
    this.#redis = redis;
    this.#key = keys.slackPause();
  }

  /** Milliseconds left of the pause; 0 when Slack is not paused. */
  async remainingMs(): Promise<number> {
    return Math.max(0, await this.#redis.pttl(this.#key));
  }

  /** Pauses Slack for `ms` from now (the latest 429 decides, longer or shorter). */
  async pause(ms: number): Promise<void> {
    await this.#redis.set(this.#key, String(Date.now() + ms), 'PX', ms);
  }
}
