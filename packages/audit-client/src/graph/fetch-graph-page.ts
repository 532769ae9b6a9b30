import { AuditClientError } from '../errors/audit-client-error.js';
import { fetchGraphBody } from './fetch-graph-body.js';
import { classifyGraphResponse, type GraphOutcome } from './graph-response.js';

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

const mib = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;

/**
 * One GET of a directoryAudits page with the bearer token, classified. Network failures, resets
 * mid-body and timeouts come back as `retry` outcomes. Thrown: the caller's abort; AC_ERR_GRAPH_REDIRECT
 * for any redirect (Graph serves pages itself, so a redirect is a proxy, a captive portal or a wrong
 * graphBaseUrl, and its body must not be read as audit events); AC_ERR_GRAPH_BAD_PAGE for a body past
 * `maxBytes`, refused before it is held whole.
 */
export async function fetchGraphPage(url: string, options: FetchGraphPageOptions): Promise<GraphOutcome> {
  const answer = await fetchGraphBody(url, options);
  switch (answer.kind) {
    case 'network':
      return { kind: 'retry', reason: answer.reason };
    case 'redirect':
      throw new AuditClientError(
        'AC_ERR_GRAPH_REDIRECT',
        `Graph answered HTTP ${answer.status}, a redirect to ${answer.origin}; ` +
          `the reader follows no redirect, so nothing from there is read as audit events. Check graphBaseUrl and any proxy between this host and Graph.`,
      );
    case 'too-large':
      throw new AuditClientError(
        'AC_ERR_GRAPH_BAD_PAGE',
        `Graph sent a page larger than ${mib(options.maxBytes)} (HTTP ${answer.status}); refused unread. ` +
          `The watermark did not move; if this repeats, check what answers at graphBaseUrl, or lower pageSize.`,
      );
    case 'body':
      return classifyGraphResponse(answer.status, answer.retryAfter, answer.body, options.now());
  }
}
