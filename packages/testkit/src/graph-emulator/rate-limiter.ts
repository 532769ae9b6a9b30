/**
 * A sliding-window request limit (at most `requests` per `intervalMs`), like Graph's per-app,
 * per-tenant quota on the reports APIs. Time comes from the caller so a virtual clock can drive it.
 */
export class SlidingWindowLimiter {
  private readonly admitted: number[] = [];

  constructor(
    private readonly requests: number,
    private readonly intervalMs: number,
  ) {
    if (!(Number.isInteger(requests) && requests > 0))
      throw new RangeError('`rateLimit.requests` must be a positive integer');
    if (!(intervalMs > 0)) throw new RangeError('`rateLimit.intervalMs` must be positive');
  }

  /** 0 when the request is admitted (and counted); otherwise the ms until a slot frees up. */
  tryAcquire(now: number): number {
    while (this.admitted.length > 0 && this.admitted[0]! <= now - this.intervalMs) this.admitted.shift();
    if (this.admitted.length < this.requests) {
      this.admitted.push(now);
      return 0;
    }
    return this.admitted[0]! + this.intervalMs - now;
  }
}
