import { z } from 'zod';
import type { Clock } from '../support/clock.js';
import { AuditClientError } from '../errors/audit-client-error.js';
import type { Logger } from '../support/logger.js';
import { defaultClockSkewMs } from './out-of-window.js';
import type { QuarantineItem } from './quarantine-item.js';
import type { RateLimit } from './rate-limiter.js';
import { isInsecureUrlIssue, secureBaseUrlSchema } from '../support/secure-base-url.js';
import type { TokenProvider } from '../auth/token-provider.js';

export interface AuditReaderOptions {
  tokenProvider: TokenProvider;
  /** Graph root, e.g. `https://graph.microsoft.com` (resolveEndpoints gives it per cloud). */
  graphBaseUrl: string;
  /**
   * The services whose events are read (`loggedByService`): each with its own `loggedByService eq` filter,
   * because Graph documents only `eq` on that property (docs/graph-audit-api.md §1.1). Default
   * `defaultAuditServices` (B2C, Core Directory, the policy services and Invited Users); null reads every
   * service, unfiltered.
   */
  services?: readonly string[] | null;
  /** `$top`; default 1000, the largest page Graph serves for audit logs. */
  pageSize?: number;
  /** Client-side limit on every request of this reader; default 5 per 10 s (Graph's per-tenant limit). */
  rateLimit?: RateLimit | false;
  /** Attempts per request including the first (default 8); full-jitter backoff from 1 s, capped at 5 min. */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Per-request timeout (headers and body); default 60 s, as Splunk's add-on uses. */
  requestTimeoutMs?: number;
  /**
   * Largest page body read, after decompression; a larger one is refused as a bad page (AC_ERR_GRAPH_BAD_PAGE)
   * while it streams. Default 64 MiB: a full page of 1000 records is a few MiB.
   */
  maxPageBytes?: number;
  /**
   * Records dated more than this before the window's start or after its end go to `onQuarantine`
   * and are not yielded; default 1 h. Graph filters on activityDateTime, so such a record is a lie
   * or a broken clock, and one dated in the future would make every later real event look late.
   */
  clockSkewMs?: number;
  clock?: Clock;
  logger?: Logger;
  /** Jitter source; inject a seeded one for reproducible tests. */
  random?: () => number;
  /**
   * Receives each record of a good page that has no id or no valid activityDateTime, or is dated
   * outside the window by more than `clockSkewMs` (the rest of the
   * page is yielded), and the last body of a page that stayed unreadable after every retry (the window
   * then fails). Awaited before reading on; make it durable, since the watermark may later pass the
   * record. A throw fails the window. Without it such records are logged and dropped.
   */
  onQuarantine?: (item: QuarantineItem) => void | Promise<void>;
}

/** The numeric and URL options, after defaults. */
export interface ResolvedReaderSettings {
  graphBaseUrl: string;
  services: readonly string[] | null;
  pageSize: number;
  rateLimit: RateLimit | false;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  requestTimeoutMs: number;
  clockSkewMs: number;
  maxPageBytes: number;
}

/**
 * What a tenant's audit log is read for unless configured otherwise: B2C's own events (policies, keys,
 * token issuance) and the directory's (users, roles, applications, credentials, consent), which B2C
 * leaves to Core Directory; then the services that log the policies deciding who needs MFA
 * (Conditional Access: policies, named locations, security defaults; Authentication Methods: the
 * methods policy, authentication strengths), which the shipped auth-policy-changed rule watches, and
 * Invited Users (guest invitations, for guest-invited). Each costs one request per hour slice even
 * when empty (docs/graph-audit-api.md §1.1, §4.7).
 */
export const defaultAuditServices: readonly string[] = Object.freeze([
  'B2C',
  'Core Directory',
  'Conditional Access',
  'Authentication Methods',
  'Invited Users',
]);

/** At most this many services per reader: each costs a request sequence per window. */
export const maxAuditServices = 10;

/** The default cap on one page's body. */
export const defaultMaxPageBytes = 64 * 1024 * 1024;

const positiveInt = z.number().int().positive();
const positive = z.number().finite().positive();

const settingsSchema = z.object({
  graphBaseUrl: secureBaseUrlSchema('https://graph.microsoft.com'),
  services: z
    .array(z.string().trim().min(1, { error: 'must not hold an empty service name' }))
    .min(1, { error: 'must name at least one service, e.g. B2C, or be null for every service' })
    .max(maxAuditServices, { error: `must name at most ${maxAuditServices} services` })
    .refine((list) => new Set(list.map((name) => name.toLowerCase())).size === list.length, {
      error: 'must not name a service twice',
    })
    .nullable()
    .default([...defaultAuditServices]),
  pageSize: positiveInt.max(1000).default(1000),
  rateLimit: z
    .union([z.literal(false), z.object({ requests: positiveInt, intervalMs: positive })])
    .default({ requests: 5, intervalMs: 10_000 }),
  retry: z
    .object({
      maxAttempts: positiveInt.default(8),
      baseDelayMs: positive.default(1000),
      maxDelayMs: positive.default(5 * 60_000),
    })
    .default({ maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 5 * 60_000 }),
  requestTimeoutMs: positive.default(60_000),
  clockSkewMs: z.number().finite().nonnegative().default(defaultClockSkewMs),
  maxPageBytes: positiveInt.default(defaultMaxPageBytes),
});

/** Validates a reader's options once; throws AC_ERR_URL_INSECURE / AC_ERR_OPTIONS_INVALID listing every problem. */
export function resolveReaderSettings(options: AuditReaderOptions): ResolvedReaderSettings {
  const result = settingsSchema.safeParse({
    graphBaseUrl: options.graphBaseUrl,
    services: options.services,
    pageSize: options.pageSize,
    rateLimit: options.rateLimit,
    retry: options.retry,
    requestTimeoutMs: options.requestTimeoutMs,
    clockSkewMs: options.clockSkewMs,
    maxPageBytes: options.maxPageBytes,
  });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.');
      return issue.code === 'custom' ? `${field} ${issue.message}` : `${field}: ${issue.message}`;
    });
    const code = result.error.issues.some(isInsecureUrlIssue) ? 'AC_ERR_URL_INSECURE' : 'AC_ERR_OPTIONS_INVALID';
    throw new AuditClientError(code, `Invalid audit reader options: ${problems.join('; ')}.`);
  }
  const s = result.data;
  return {
    graphBaseUrl: new URL(s.graphBaseUrl).origin,
    services: s.services === null ? null : Object.freeze([...s.services]),
    pageSize: s.pageSize,
    rateLimit: s.rateLimit,
    maxAttempts: s.retry.maxAttempts,
    baseDelayMs: s.retry.baseDelayMs,
    maxDelayMs: s.retry.maxDelayMs,
    requestTimeoutMs: s.requestTimeoutMs,
    clockSkewMs: s.clockSkewMs,
    maxPageBytes: s.maxPageBytes,
  };
}
