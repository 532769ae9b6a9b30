import { z } from 'zod';
import type { TokenProvider } from '../auth/token-provider.js';
import { AuditClientError } from '../errors/audit-client-error.js';
import type { RateLimit } from '../graph/rate-limiter.js';
import type { Clock } from '../support/clock.js';
import type { Logger } from '../support/logger.js';
import { isInsecureUrlIssue, secureBaseUrlSchema } from '../support/secure-base-url.js';

export interface NameResolverOptions {
  /** The tenant's token provider: share the audit reader's, so one MSAL cache serves both. */
  tokenProvider: TokenProvider;
  /** Graph root, as the audit reader's. */
  graphBaseUrl: string;
  /** Names (and misses) kept at most, least recently used dropped first; default 5,000. */
  cacheSize?: number;
  /** How long a name is reused before it is asked again; default 1 h. */
  ttlMs?: number;
  /** How long "no such object" (404) is remembered; default 15 min. */
  notFoundTtlMs?: number;
  /** How long a lookup that failed after its retries is not tried again; default 1 min. */
  failureTtlMs?: number;
  /**
   * Client-side budget of these lookups, apart from the audit reader's (Graph limits directory reads
   * and audit reads separately); default 20 per 10 s.
   */
  rateLimit?: RateLimit | false;
  /** Attempts per GET including the first (default 3); full-jitter backoff from 500 ms, capped at 5 s. */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /**
   * The longest single wait a lookup takes (a Retry-After, a backoff, a throttling pause). A longer
   * one fails the lookup at once, and while Graph's Retry-After runs no lookup sends a request; default 10 s.
   */
  maxWaitMs?: number;
  /** After Graph refuses the app (403, or 401 twice), no lookup is sent for this long; default 15 min. */
  permissionPauseMs?: number;
  /** Per-request timeout (headers and body); default 10 s. */
  requestTimeoutMs?: number;
  /** Largest response body read; default 64 KiB (a selected object is well under 1 KiB). */
  maxBodyBytes?: number;
  /** Display names longer than this are cut (they are untrusted text); default 256. */
  maxNameLength?: number;
  /** Lookups running at once at most; more fail at once rather than queue. Default 64. */
  maxInFlight?: number;
  clock?: Clock;
  logger?: Logger;
  /** Jitter source; inject a seeded one for reproducible tests. */
  random?: () => number;
  /** Aborts every lookup in flight (the app closing). */
  signal?: AbortSignal;
}

export type ResolvedNameResolverSettings = Required<
  Omit<NameResolverOptions, 'tokenProvider' | 'clock' | 'logger' | 'random' | 'signal' | 'retry'>
> & { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };

const positiveInt = z.number().int().positive();
const positive = z.number().finite().positive();
const minute = 60_000;

const settingsSchema = z.object({
  graphBaseUrl: secureBaseUrlSchema('https://graph.microsoft.com'),
  cacheSize: positiveInt.max(1_000_000).default(5000),
  ttlMs: positive.default(60 * minute),
  notFoundTtlMs: positive.default(15 * minute),
  failureTtlMs: positive.default(minute),
  rateLimit: z
    .union([z.literal(false), z.object({ requests: positiveInt, intervalMs: positive })])
    .default({ requests: 20, intervalMs: 10_000 }),
  retry: z
    .object({
      maxAttempts: positiveInt.default(3),
      baseDelayMs: positive.default(500),
      maxDelayMs: positive.default(5000),
    })
    .default({ maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 5000 }),
  maxWaitMs: z.number().finite().nonnegative().default(10_000),
  permissionPauseMs: positive.default(15 * minute),
  requestTimeoutMs: positive.default(10_000),
  maxBodyBytes: positiveInt.default(64 * 1024),
  maxNameLength: positiveInt.max(10_000).default(256),
  maxInFlight: positiveInt.default(64),
});

/** Validates a resolver's options once; throws AC_ERR_URL_INSECURE / AC_ERR_OPTIONS_INVALID listing every problem. */
export function resolveNameResolverSettings(options: NameResolverOptions): ResolvedNameResolverSettings {
  const { tokenProvider: _t, clock: _c, logger: _l, random: _r, signal: _s, ...rest } = options;
  const result = settingsSchema.safeParse(rest);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.');
      return issue.code === 'custom' ? `${field} ${issue.message}` : `${field}: ${issue.message}`;
    });
    const code = result.error.issues.some(isInsecureUrlIssue) ? 'AC_ERR_URL_INSECURE' : 'AC_ERR_OPTIONS_INVALID';
    throw new AuditClientError(code, `Invalid directory name resolver options: ${problems.join('; ')}.`);
  }
  const { retry, ...s } = result.data;
  return { ...s, graphBaseUrl: new URL(s.graphBaseUrl).origin, ...retry };
}
