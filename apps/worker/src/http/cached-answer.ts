import type { Clock } from '@b2c-alerts/audit-client';

export interface CachedAnswerOptions {
  clock: Clock;
  /** How long an answer is served again, from when it was asked for. */
  ttlMs: number;
}

/**
 * `compute`, asked at most once per `ttlMs` in this process: callers within that time, and callers
 * while it runs, share its answer. The HTTP port answers anyone who can reach it, so a flood of
 * /readyz or /metrics costs Redis one round of queries a second, not one per request. A failure is
 * not kept: the next caller asks again.
 */
export function cachedAnswer<T>(compute: () => Promise<T>, o: CachedAnswerOptions): () => Promise<T> {
  let cached: { at: number; answer: Promise<T> } | undefined;
  return () => {
    const now = o.clock.now();
    if (cached && now - cached.at < o.ttlMs && now >= cached.at) return cached.answer;
    const entry = { at: now, answer: compute() };
    cached = entry;
    entry.answer.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return entry.answer;
  };
}
