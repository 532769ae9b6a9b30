import type { DirectoryAuditPage } from './directory-audit.js';
import { isRetentionError, parseRetentionFloor } from './retention-clamp.js';
import { parseRetryAfter } from './retry-after.js';

/** What one Graph response means for the reader. */
export type GraphOutcome =
  | { kind: 'page'; page: DirectoryAuditPage }
  /** Transient: retry after `retryAfterMs` when Graph said so, else back off. */
  | { kind: 'retry'; status?: number; reason: string; retryAfterMs?: number }
  | { kind: 'unauthorized' | 'forbidden'; status: number; graphMessage: string }
  /** The retention 400: the window must start at `floor` or later. */
  | { kind: 'retention'; floor: number; graphMessage: string }
  | { kind: 'http-error'; status: number; graphMessage: string };

/** Graph's `{ error: { code, message } }`, as one line; the body's start when it is not that shape. */
function graphMessageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof parsed.error?.code === 'string' ? parsed.error.code : undefined;
    const message = typeof parsed.error?.message === 'string' ? parsed.error.message : undefined;
    if (code || message) return [code, message].filter(Boolean).join(': ');
  } catch {
    // not JSON: quote the start of the body below
  }
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function isRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { id?: unknown; activityDateTime?: unknown };
  return typeof r.id === 'string' && r.id.length > 0 && typeof r.activityDateTime === 'string';
}

/**
 * Classifies a complete response. 429, 408 and 5xx are transient, and so is a 200 whose body is not
 * a directoryAudit page (HTML from a gateway, truncated JSON, no `value` array, a record without id):
 * Graph has served each of these and a retry fixes them.
 */
export function classifyGraphResponse(status: number, retryAfter: string | null, body: string, now: number): GraphOutcome {
  if (status === 429 || status === 408 || status >= 500) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    const reason = `HTTP ${status}${status === 429 ? ' (throttled)' : ''}: ${graphMessageOf(body) || 'no body'}`;
    return retryAfterMs === undefined ? { kind: 'retry', status, reason } : { kind: 'retry', status, reason, retryAfterMs };
  }
  if (status === 401) return { kind: 'unauthorized', status, graphMessage: graphMessageOf(body) };
  if (status === 403) return { kind: 'forbidden', status, graphMessage: graphMessageOf(body) };
  if (status < 200 || status >= 300) {
    const graphMessage = graphMessageOf(body);
    if (status === 400 && isRetentionError(graphMessage)) {
      const floor = parseRetentionFloor(graphMessage);
      if (floor !== undefined) return { kind: 'retention', floor, graphMessage };
    }
    return { kind: 'http-error', status, graphMessage };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const reason = /^\s*</.test(body) ? 'an HTML body instead of JSON' : body.length === 0 ? 'an empty body' : 'invalid or truncated JSON';
    return { kind: 'retry', status, reason: `HTTP ${status} with ${reason}` };
  }
  const page = parsed as Partial<DirectoryAuditPage> | null;
  if (typeof page !== 'object' || page === null || !Array.isArray(page.value)) {
    return { kind: 'retry', status, reason: `HTTP ${status} with a body that has no "value" array` };
  }
  if (!page.value.every(isRecord)) {
    return { kind: 'retry', status, reason: `HTTP ${status} with a record lacking id or activityDateTime` };
  }
  const next = page['@odata.nextLink'];
  if (next !== undefined && next !== null && typeof next !== 'string') {
    return { kind: 'retry', status, reason: `HTTP ${status} with a non-string @odata.nextLink` };
  }
  return { kind: 'page', page: page as DirectoryAuditPage };
}
