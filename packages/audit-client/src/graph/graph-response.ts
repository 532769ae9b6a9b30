import type { DirectoryAuditPage } from '../events/directory-audit.js';
import { isRetentionError, parseRetentionFloor } from './retention-clamp.js';
import { parseRetryAfter } from './retry-after.js';
import { toUtcDateTime } from '../events/utc-date-time.js';

/** A record of an otherwise good page that is not a directoryAudit we can file, and why. */
export interface RejectedRecord {
  reason: string;
  record: unknown;
}

/** What one Graph response means for the reader. */
export type GraphOutcome =
  /** `page.value` holds only valid records; the others are in `rejected`, in page order. */
  | { kind: 'page'; page: DirectoryAuditPage; rejected: RejectedRecord[] }
  /**
   * Transient: retry after `retryAfterMs` when Graph said so, else back off. `body` (its first
   * 64 kB) is set when the body was neither a page nor a Graph error, for an operator to inspect.
   */
  | { kind: 'retry'; status?: number; reason: string; retryAfterMs?: number; body?: string }
  | { kind: 'unauthorized' | 'forbidden'; status: number; graphMessage: string }
  /** The retention 400: the window must start at `floor` or later. */
  | { kind: 'retention'; floor: number; graphMessage: string }
  | { kind: 'http-error'; status: number; graphMessage: string };

/** Graph's `{ error: { code, message } }`, as one line; the body's start when it is not that shape. */
export function graphMessageOf(body: string): string {
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

/** The most of a bad body kept for inspection. */
export const maxKeptBodyBytes = 64 * 1024;

function keptBody(body: string): string {
  return body.length <= maxKeptBodyBytes / 4
    ? body
    : Buffer.from(body, 'utf8').subarray(0, maxKeptBodyBytes).toString('utf8');
}

const utcDateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/;

/** An ISO-8601 date-time naming a real instant (no 25:00, no 30 February), in any offset. */
function isIsoDateTime(value: string): boolean {
  const m = utcDateTime.exec(toUtcDateTime(value));
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return (
    t.getUTCFullYear() === y &&
    t.getUTCMonth() === mo - 1 &&
    t.getUTCDate() === d &&
    t.getUTCHours() === h &&
    t.getUTCMinutes() === mi &&
    t.getUTCSeconds() === s
  );
}

const quoted = (value: string) => JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);

/** Why `value` is not a directoryAudit the archive and dedup can use, or undefined when it is. */
function recordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the record is not a JSON object';
  const r = value as { id?: unknown; activityDateTime?: unknown };
  if (typeof r.id !== 'string' || r.id.trim() === '') return 'the record has no id';
  if (typeof r.activityDateTime !== 'string') return `record ${quoted(r.id)} has no activityDateTime`;
  if (!isIsoDateTime(r.activityDateTime)) {
    return `record ${quoted(r.id)} has activityDateTime ${quoted(r.activityDateTime)}, which is not an ISO-8601 date-time`;
  }
  return undefined;
}

/**
 * Classifies a complete response. 429, 408 and 5xx are transient, and so is a 200 whose body is not
 * a directoryAudit page (HTML from a gateway, truncated JSON, no `value` array): Graph has served
 * each of these and a retry fixes them. A page is checked record by record: one record without an
 * id or a readable activityDateTime is set aside in `rejected`, never a reason to drop the page.
 */
export function classifyGraphResponse(
  status: number,
  retryAfter: string | null,
  body: string,
  now: number,
): GraphOutcome {
  if (status === 429 || status === 408 || status >= 500) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    const reason = `HTTP ${status}${status === 429 ? ' (throttled)' : ''}: ${graphMessageOf(body) || 'no body'}`;
    return {
      kind: 'retry',
      status,
      reason,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(body.trim() !== '' && !isJson(body) ? { body: keptBody(body) } : {}),
    };
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
    const reason = /^\s*</.test(body)
      ? 'an HTML body instead of JSON'
      : body.length === 0
        ? 'an empty body'
        : 'invalid or truncated JSON';
    return {
      kind: 'retry',
      status,
      reason: `HTTP ${status} with ${reason}`,
      ...(body.length > 0 ? { body: keptBody(body) } : {}),
    };
  }
  const page = parsed as Partial<DirectoryAuditPage> | null;
  if (typeof page !== 'object' || page === null || !Array.isArray(page.value)) {
    return {
      kind: 'retry',
      status,
      reason: `HTTP ${status} with a body that has no "value" array`,
      body: keptBody(body),
    };
  }
  const next = page['@odata.nextLink'];
  if (next !== undefined && next !== null && typeof next !== 'string') {
    return { kind: 'retry', status, reason: `HTTP ${status} with a non-string @odata.nextLink`, body: keptBody(body) };
  }
  const rejected: RejectedRecord[] = [];
  for (const record of page.value as unknown[]) {
    const reason = recordProblem(record);
    if (reason !== undefined) rejected.push({ reason, record });
  }
  if (rejected.length === 0) return { kind: 'page', page: page as DirectoryAuditPage, rejected };
  const bad = new Set(rejected.map((r) => r.record));
  return {
    kind: 'page',
    page: { ...page, value: page.value.filter((record) => !bad.has(record)) } as DirectoryAuditPage,
    rejected,
  };
}

function isJson(body: string): boolean {
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}
