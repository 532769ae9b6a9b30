import { fetchGraphBody } from '../graph/fetch-graph-body.js';
import { graphMessageOf } from '../graph/graph-response.js';
import { parseRetryAfter } from '../graph/retry-after.js';

/** The fields a name lookup selects; Graph may leave any of them out or null. */
export interface DirectoryObjectFields {
  id?: string;
  appId?: string;
  displayName?: string;
}

/** What one GET of an application or service principal means for the resolver. */
export type DirectoryAnswer =
  | { kind: 'found'; object: DirectoryObjectFields }
  | { kind: 'not-found' }
  /** Transient: throttling (429), 408, 5xx, network, timeout, a body that is not a JSON object. */
  | { kind: 'retry'; status?: number; reason: string; retryAfterMs?: number }
  | { kind: 'unauthorized' | 'forbidden'; status: number; graphMessage: string }
  /** Permanent for this id: any other answer; retrying the same GET will not help. */
  | { kind: 'failed'; reason: string };

export interface FetchDirectoryObjectOptions {
  token: string;
  signal?: AbortSignal | undefined;
  timeoutMs: number;
  maxBytes: number;
  now: () => number;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * One GET of `/applications/…` or `/servicePrincipals/…`, classified. The same rules as the audit
 * reader's pages (fetchGraphBody): no redirect followed, a bounded body, the same transient statuses.
 */
export async function fetchDirectoryObject(
  url: string,
  options: FetchDirectoryObjectOptions,
): Promise<DirectoryAnswer> {
  const answer = await fetchGraphBody(url, options);
  switch (answer.kind) {
    case 'network':
      return { kind: 'retry', reason: answer.reason };
    case 'redirect':
      return {
        kind: 'failed',
        reason: `Graph answered HTTP ${answer.status}, a redirect to ${answer.origin}; name lookups follow no redirect (check graphBaseUrl and any proxy)`,
      };
    case 'too-large':
      return {
        kind: 'failed',
        reason: `Graph sent a directory object larger than ${options.maxBytes} bytes (HTTP ${answer.status}); refused unread`,
      };
    case 'body':
      break;
  }
  const { status, body } = answer;
  if (status === 429 || status === 408 || status >= 500) {
    const retryAfterMs = parseRetryAfter(answer.retryAfter, options.now());
    return {
      kind: 'retry',
      status,
      reason: `HTTP ${status}${status === 429 ? ' (throttled)' : ''}: ${graphMessageOf(body) || 'no body'}`,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  if (status === 401) return { kind: 'unauthorized', status, graphMessage: graphMessageOf(body) };
  if (status === 403) return { kind: 'forbidden', status, graphMessage: graphMessageOf(body) };
  if (status === 404) return { kind: 'not-found' };
  if (status < 200 || status >= 300) {
    return { kind: 'failed', reason: `HTTP ${status}: ${graphMessageOf(body) || 'no body'}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: 'retry', status, reason: `HTTP ${status} with a body that is not JSON` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'retry', status, reason: `HTTP ${status} with a body that is not a JSON object` };
  }
  const o = parsed as Record<string, unknown>;
  const object: DirectoryObjectFields = {};
  const id = text(o.id);
  if (id !== undefined) object.id = id;
  const appId = text(o.appId);
  if (appId !== undefined) object.appId = appId;
  const displayName = text(o.displayName);
  if (displayName !== undefined) object.displayName = displayName;
  return { kind: 'found', object };
}
