import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/graph/backoff.js';
import { parseRetryAfter } from '../../src/graph/retry-after.js';

const options = { baseDelayMs: 1_000, maxDelayMs: 300_000 };

describe('backoffDelay (full jitter)', () => {
  it('stays within [0, min(cap, base · 2^(retry−1))]', () => {
    for (let retry = 1; retry <= 30; retry++) {
      const ceiling = Math.min(300_000, 1_000 * 2 ** (retry - 1));
      expect(backoffDelay(retry, options, () => 0)).toBe(0);
      expect(backoffDelay(retry, options, () => 0.999999)).toBeLessThanOrEqual(ceiling);
      expect(backoffDelay(retry, options, () => 0.999999)).toBeGreaterThan(ceiling * 0.99);
      const d = backoffDelay(retry, options);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(ceiling);
    }
  });

  it('grows exponentially and is capped', () => {
    const half = () => 0.5;
    expect([1, 2, 3, 4].map((r) => backoffDelay(r, options, half))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(backoffDelay(9, options, half)).toBe(128_000);
    expect(backoffDelay(10, options, half)).toBe(150_000);
    expect(backoffDelay(1_000, options, half)).toBe(150_000);
  });

  it('tolerates a bad random source', () => {
    expect(backoffDelay(3, options, () => 7)).toBe(4_000);
    expect(backoffDelay(3, options, () => -1)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
  });
  it('reads an HTTP-date relative to now', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:41 GMT', now)).toBe(41_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });
  it('caps absurd values at an hour', () => {
    expect(parseRetryAfter('999999', now)).toBe(3_600_000);
    expect(parseRetryAfter('Fri, 01 Jan 2027 00:00:00 GMT', now)).toBe(3_600_000);
  });
  it('is undefined for absent or unreadable values', () => {
    for (const v of [null, undefined, '', 'soon', '-5', '12abc', '2026-01-01'])
      expect(parseRetryAfter(v, now)).toBeUndefined();
  });
});
