export interface BackoffOptions {
  /** Upper bound of the first retry's delay. */
  baseDelayMs: number;
  /** No delay exceeds this, however many attempts. */
  maxDelayMs: number;
}

/**
 * "Full jitter" exponential backoff: uniform in [0, min(maxDelayMs, baseDelayMs · 2^(retry−1))].
 * Spreading retries over the whole interval keeps many pollers from retrying in step.
 * `retry` is 1 for the first retry.
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(retry, 1) - 1, 52);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}
