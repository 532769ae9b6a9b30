import type { Clock } from '../support/clock.js';

export interface RateLimit {
  requests: number;
  intervalMs: number;
}

/**
 * At most `requests` grants in any `intervalMs` (sliding log: a grant waits until the N-th previous
 * grant is `intervalMs` old). Graph allows 5 audit requests / 10 s per app per tenant, so keep one
 * limiter per tenant and pass every request through it: first pages, nextLinks and retries alike.
 * Callers are served in order; all waits go through the Clock.
 */
export class RateLimiter {
  private readonly grants: number[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
  ) {
    if (!Number.isInteger(limit.requests) || limit.requests < 1)
      throw new RangeError('rateLimit.requests must be a positive integer');
    if (!Number.isFinite(limit.intervalMs) || limit.intervalMs <= 0)
      throw new RangeError('rateLimit.intervalMs must be a positive number');
  }

  /** Resolves when a request may go out; returns the milliseconds spent waiting. */
  acquire(signal?: AbortSignal): Promise<number> {
    const turn = this.queue.then(() => this.take(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(signal: AbortSignal | undefined): Promise<number> {
    let waited = 0;
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const now = this.clock.now();
      while (this.grants.length > 0 && (this.grants[0] as number) <= now - this.limit.intervalMs) this.grants.shift();
      if (this.grants.length < this.limit.requests) {
        this.grants.push(now);
        return waited;
      }
      const wait = (this.grants[0] as number) + this.limit.intervalMs - now;
      await this.clock.sleep(wait, signal);
      waited += wait;
    }
  }
}
