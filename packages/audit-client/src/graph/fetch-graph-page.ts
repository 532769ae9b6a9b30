import { AuditClientError } from '../errors/audit-client-error.js';
import { classifyGraphResponse, type GraphOutcome } from './graph-response.js';
import { readBodyCapped } from '../support/read-body-capped.js';
import { redirectOrigin } from '../support/redirect-origin.js';

export interface FetchGraphPageOptions {
  token: string;
  /** The caller's cancellation; an abort propagates instead of being retried. */
  signal?: AbortSignal | undefined;
  /** Whole-request timeout (headers and body); a timeout is a transient outcome. */
  timeoutMs: number;
  /** Largest body read (after decompression); a larger one is refused while it streams. */
  maxBytes: number;
  /** Time for reading HTTP-date Retry-After values. */
  now: () => number;
}

function describeNetworkError(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'timed out';
  const detail = e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
  return `network error (${detail})`;
}

const mib = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;

/**
 * One GET of a directoryAudits page with the bearer token, classified. Network failures, resets
 * mid-body and timeouts come back as `retry` outcomes. Thrown: the caller's abort; AC_ERR_GRAPH_REDIRECT
 * for any redirect (Graph serves pages itself, so a redirect is a proxy, a captive portal or a wrong
 * graphBaseUrl, and its body must not be read as audit events); AC_ERR_GRAPH_BAD_PAGE for a body past
 * `maxBytes`, refused before it is held whole.
 */
export async function fetchGraphPage(url: string, options: FetchGraphPageOptions): Promise<GraphOutcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  let body: string | undefined;
  try {
    response = await fetch(url, {
      headers: { Authorization: `Bearer ${options.token}`, Accept: 'application/json' },
      redirect: 'manual',
      signal,
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      throw new AuditClientError(
        'AC_ERR_GRAPH_REDIRECT',
        `Graph answered HTTP ${response.status}, a redirect to ${redirectOrigin(response.headers.get('location'), url)}; ` +
          `the reader follows no redirect, so nothing from there is read as audit events. Check graphBaseUrl and any proxy between this host and Graph.`,
      );
    }
    body = await readBodyCapped(response, options.maxBytes);
  } catch (error) {
    if (error instanceof AuditClientError) throw error;
    if (options.signal?.aborted) throw options.signal.reason;
    return { kind: 'retry', reason: describeNetworkError(error) };
  }
  if (body === undefined) {
    throw new AuditClientError(
      'AC_ERR_GRAPH_BAD_PAGE',
      `Graph sent a page larger than ${mib(options.maxBytes)} (HTTP ${response.status}); refused unread. ` +
        `The watermark did not move; if this repeats, check what answers at graphBaseUrl, or lower pageSize.`,
    );
  }
  return classifyGraphResponse(response.status, response.headers.get('retry-after'), body, options.now());
}
