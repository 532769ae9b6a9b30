import { readBodyCapped } from '../support/read-body-capped.js';
import { redirectOrigin } from '../support/redirect-origin.js';

export interface FetchGraphBodyOptions {
  token: string;
  /** The caller's cancellation; an abort propagates instead of becoming an outcome. */
  signal?: AbortSignal | undefined;
  /** Whole-request timeout (headers and body); a timeout is a `network` outcome. */
  timeoutMs: number;
  /** Largest body read (after decompression); a larger one is refused while it streams. */
  maxBytes: number;
}

/** One Graph GET, before anyone reads the body as something. */
export type GraphBody =
  | { kind: 'body'; status: number; retryAfter: string | null; body: string }
  /** Any 3xx: Graph serves its resources itself, so a redirect is a proxy, a captive portal or a wrong base URL. */
  | { kind: 'redirect'; status: number; origin: string }
  | { kind: 'too-large'; status: number }
  /** Network failure, reset mid-body or timeout: transient. */
  | { kind: 'network'; reason: string };

function describeNetworkError(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'timed out';
  const detail = e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
  return `network error (${detail})`;
}

/**
 * A GET with the bearer token that follows no redirect and reads at most `maxBytes` of body. The rules
 * every Graph request of this package shares (the audit reader's pages, directory name lookups), so the
 * token never follows a redirect and no body is held whole past its cap. Throws only the caller's abort.
 */
export async function fetchGraphBody(url: string, options: FetchGraphBodyOptions): Promise<GraphBody> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${options.token}`, Accept: 'application/json' },
      redirect: 'manual',
      signal,
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      return {
        kind: 'redirect',
        status: response.status,
        origin: redirectOrigin(response.headers.get('location'), url),
      };
    }
    const body = await readBodyCapped(response, options.maxBytes);
    if (body === undefined) return { kind: 'too-large', status: response.status };
    return { kind: 'body', status: response.status, retryAfter: response.headers.get('retry-after'), body };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    return { kind: 'network', reason: describeNetworkError(error) };
  }
}
