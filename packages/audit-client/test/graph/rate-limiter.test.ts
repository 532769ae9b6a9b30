import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/index.js';
import { RateLimiter } from '../../src/graph/rate-limiter.js';

/** Asserts no half-open window [t, t + interval) holds more than `requests` grants. */
function maxInAnyWindow(times: number[], intervalMs: number): number {
  let max = 0;
  for (let i = 0; i < times.length; i++) {
    let n = 0;
    for (let j = i; j < times.length && times[j]! < times[i]! + intervalMs; j++) n++;
    max = Math.max(max, n);
  }
  return max;
}

describe('RateLimiter', () => {
  it('lets no 10 s window of virtual time hold more than 5 requests', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ requests: 5, intervalMs: 10_000 }, clock);
    const times: number[] = [];
    for (let i = 0; i < 53; i++) {
      await limiter.acquire();
      times.push(clock.now());
      if (i % 7 === 3) clock.advance(1_300); // irregular caller work between requests
    }
    expect(maxInAnyWindow(times, 10_000)).toBe(5);
    for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(10_000);
  });

  it('serves concurrent callers in order under the same budget', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ requests: 5, intervalMs: 10_000 }, clock);
    const times: number[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, i) => limiter.acquire().then(() => times.push(clock.now()) && i)));
    expect(times).toHaveLength(20);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(maxInAnyWindow(times, 10_000)).toBe(5);
    // Bursts of 5, then a wait for the oldest grant to age out: 20 grants span 30 s.
    expect(times.at(-1)! - times[0]!).toBe(30_000);
  });

  it('reports the time it waited, and does not wait under the limit', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ requests: 2, intervalMs: 1_000 }, clock);
    expect(await limiter.acquire()).toBe(0);
    clock.advance(300);
    expect(await limiter.acquire()).toBe(0);
    expect(await limiter.acquire()).toBe(700);
    expect(clock.sleeps).toEqual([700]);
  });

  it('stops waiting when the signal aborts', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ requests: 1, intervalMs: 1_000 }, clock);
    await limiter.acquire();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(limiter.acquire(controller.signal)).rejects.toThrow('stop');
    expect(await limiter.acquire()).toBe(1_000); // the queue survives an aborted caller
  });

  it('refuses a nonsensical limit', () => {
    expect(() => new RateLimiter({ requests: 0, intervalMs: 1 }, new VirtualClock())).toThrow(RangeError);
    expect(() => new RateLimiter({ requests: 1, intervalMs: 0 }, new VirtualClock())).toThrow(RangeError);
  });
});
