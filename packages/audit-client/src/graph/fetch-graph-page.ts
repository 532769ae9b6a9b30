import { classifyGraphResponse, type GraphOutcome } from './graph-response.js';

export interface FetchGraphPageOptions {
  token: string;
  /** The caller's cancellation; an abort propagates instead of being retried. */
  signal?: AbortSignal | undefined;
  /** Whole-request timeout (headers and body); a timeout is a transient outcome. */
  timeoutMs: number;
  /** Time for reading HTTP-date Retry-After values. */
  now: () => number;
}

function describeNetworkError(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'timed out';
  const detail = e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
  return `network error (${detail})`;
}

/**
 * One GET of a directoryAudits page with the bearer token, classified. Network failures, resets
 * mid-body and timeouts come back as `retry` outcomes; only the caller's abort is thrown.
 */
export async function fetchGraphPage(url: string, options: FetchGraphPageOptions): Promise<GraphOutcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${options.token}`, Accept: 'application/json' },
      signal,
    });
    const body = await response.text();
    return classifyGraphResponse(response.status, response.headers.get('retry-after'), body, options.now());
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    return { kind: 'retry', reason: describeNetworkError(error) };
  }
}
