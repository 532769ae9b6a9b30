import type { TokenProvider } from '../auth/token-provider.js';
import { isAuditClientError } from '../errors/audit-client-error.js';
import { backoffDelay } from '../graph/backoff.js';
import { RateLimiter } from '../graph/rate-limiter.js';
import { systemClock, type Clock } from '../support/clock.js';
import { silentLogger, type Logger } from '../support/logger.js';
import { isDirectoryId, refKey, type DirectoryObjectRef } from './directory-object-ref.js';
import { directoryObjectUrls, type DirectoryCollection, type DirectoryObjectGet } from './directory-object-urls.js';
import { fetchDirectoryObject, type DirectoryAnswer, type DirectoryObjectFields } from './fetch-directory-object.js';
import { LruCache } from './lru-cache.js';
import {
  resolveNameResolverSettings,
  type NameResolverOptions,
  type ResolvedNameResolverSettings,
} from './name-resolver-options.js';

/**
 * How one lookup ended: `found` asked Graph, `cached` did not; `not-found` (404, or an object without a
 * name) is remembered; `failed` (throttled, 5xx, timeouts, permissions) is remembered briefly;
 * `timed-out` means the caller's budget ran out first (the lookup goes on and fills the cache).
 */
export type NameLookupOutcome = 'found' | 'cached' | 'not-found' | 'failed' | 'timed-out';

export interface NameLookup {
  ref: DirectoryObjectRef;
  outcome: NameLookupOutcome;
  /** The display name, when found or cached; untrusted text, cut to maxNameLength. */
  name?: string;
  /** Why it failed or timed out: for logs, never for alerts. */
  reason?: string;
}

export interface ResolveOptions {
  /**
   * Wall-clock time the caller waits at most. Lookups still running then come back `timed-out`, and
   * carry on to fill the cache for the next caller.
   */
  budgetMs?: number;
}

export interface NameResolverStats {
  /** GETs sent to Graph, retries included. */
  requests: number;
  retries: number;
  /** Lookups answered from the cache. */
  cacheHits: number;
  /** Time spent waiting on 429s, pauses and the client-side rate limit. */
  throttledMs: number;
}

type Entry = { status: 'found'; name: string } | { status: 'not-found' } | { status: 'failed'; reason: string };
type Terminal =
  | Extract<DirectoryAnswer, { kind: 'found' | 'not-found' }>
  /** `refused`: Graph refused this collection to the app; the other collection may still answer. */
  | { kind: 'failed'; reason: string; refused?: boolean };

const permissionHelp =
  'Naming applications and service principals needs the Microsoft Graph application permission Directory.Read.All ' +
  '(which reading audit logs needs too) or Application.Read.All, with admin consent, on the app registered in the B2C tenant.';

/**
 * Display names of applications and service principals, for alerts that otherwise show bare ids.
 * Cached (LRU, bounded, with TTLs; misses and failures too), single-flight per id, under its own rate
 * limit, with the audit reader's rules for requests (no redirects, bounded bodies, Retry-After, backoff).
 * Never throws from resolve(): a lookup that cannot finish is an outcome, so whoever shows the name
 * shows the id alone instead. Keep one per tenant, sharing the tenant's token provider.
 */
export class DirectoryNameResolver {
  readonly stats: NameResolverStats = { requests: 0, retries: 0, cacheHits: 0, throttledMs: 0 };
  private readonly settings: ResolvedNameResolverSettings;
  private readonly tokenProvider: TokenProvider;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly signal: AbortSignal | undefined;
  private readonly limiter: RateLimiter | undefined;
  private readonly cache: LruCache<string, Entry>;
  /**
   * Lookups running, by ref key. `overdue` once a caller's budget ran out on it: later callers with a
   * budget do not wait on it again, so a hung Graph costs one budget per id, not one per alert.
   */
  private readonly inFlight = new Map<string, { pending: Promise<Entry>; overdue: boolean }>();
  /** While the clock is before this, no request goes out (Graph's Retry-After). */
  private pausedUntil = 0;
  private pauseReason = '';
  /**
   * Per collection: after Graph refused the app (403), no request to it goes out until then. Graph grants
   * applications and service principals apart, so a refusal of one leaves the other asked.
   */
  private readonly refusedUntil = new Map<DirectoryCollection, { until: number; reason: string }>();

  constructor(options: NameResolverOptions) {
    this.settings = resolveNameResolverSettings(options);
    this.tokenProvider = options.tokenProvider;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? Math.random;
    this.signal = options.signal;
    this.limiter = this.settings.rateLimit ? new RateLimiter(this.settings.rateLimit, this.clock) : undefined;
    this.cache = new LruCache(this.settings.cacheSize);
  }

  /** Names and misses held now (bounded by cacheSize). */
  get cacheSize(): number {
    return this.cache.size;
  }

  /** One lookup per ref, in order. Never rejects. */
  async resolve(refs: readonly DirectoryObjectRef[], options: ResolveOptions = {}): Promise<NameLookup[]> {
    const budgeted = options.budgetMs !== undefined;
    const lookups = refs.map((ref) => this.lookup(ref, budgeted));
    if (!budgeted) return Promise.all(lookups);
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        for (const ref of refs) {
          const flight = this.inFlight.get(refKey(ref));
          if (flight) flight.overdue = true;
        }
        resolve();
      }, options.budgetMs);
    });
    try {
      return await Promise.all(
        lookups.map((lookup, i) =>
          Promise.race([
            lookup,
            budget.then((): NameLookup => ({
              ref: refs[i] as DirectoryObjectRef,
              outcome: 'timed-out',
              reason: `no answer within ${options.budgetMs} ms`,
            })),
          ]),
        ),
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private async lookup(ref: DirectoryObjectRef, budgeted: boolean): Promise<NameLookup> {
    if (!isDirectoryId(ref.id)) return { ref, outcome: 'not-found' };
    const key = refKey(ref);
    const cached = this.cache.get(key, this.clock.now());
    if (cached !== undefined) {
      this.stats.cacheHits++;
      return lookupOf(ref, cached, true);
    }
    let flight = this.inFlight.get(key);
    if (flight?.overdue && budgeted) {
      return { ref, outcome: 'timed-out', reason: 'a lookup of this id is still running past an earlier budget' };
    }
    if (flight === undefined) {
      if (this.inFlight.size >= this.settings.maxInFlight) {
        return { ref, outcome: 'failed', reason: `${this.settings.maxInFlight} lookups already in flight` };
      }
      flight = { pending: this.fetchEntry(ref).finally(() => this.inFlight.delete(key)), overdue: false };
      this.inFlight.set(key, flight);
    }
    return lookupOf(ref, await flight.pending, false);
  }

  /** Asks Graph, remembers the answer; never rejects. */
  private async fetchEntry(ref: DirectoryObjectRef): Promise<Entry> {
    let entry: Entry;
    try {
      entry = await this.ask(ref);
    } catch (error) {
      // An abort (the app closing) or a bug: the caller shows the id; nothing is remembered.
      return { status: 'failed', reason: this.signal?.aborted ? 'closing' : `lookup failed: ${String(error)}` };
    }
    const ttl =
      entry.status === 'found'
        ? this.settings.ttlMs
        : entry.status === 'not-found'
          ? this.settings.notFoundTtlMs
          : this.settings.failureTtlMs;
    this.cache.set(refKey(ref), entry, this.clock.now() + ttl);
    return entry;
  }

  private async ask(ref: DirectoryObjectRef): Promise<Entry> {
    let refused: string | undefined;
    for (const get of directoryObjectUrls(this.settings.graphBaseUrl, ref)) {
      const answer = await this.request(get);
      if (answer.kind === 'not-found') continue;
      if (answer.kind === 'failed') {
        if (!answer.refused) return { status: 'failed', reason: answer.reason };
        refused ??= answer.reason; // not "not found": that collection could not be asked
        continue;
      }
      return this.entryOf(ref, answer.object);
    }
    return refused === undefined ? { status: 'not-found' } : { status: 'failed', reason: refused };
  }

  /** The object's name, if it is the object asked for: a proxy or a wrong base URL must not name it. */
  private entryOf(ref: DirectoryObjectRef, object: DirectoryObjectFields): Entry {
    const asked = ref.id.toLowerCase();
    const answered =
      ref.kind === 'appId' ? [object.appId] : ref.kind === 'anyAppObject' ? [object.appId, object.id] : [object.id];
    const known = answered.filter((v): v is string => v !== undefined);
    if (known.length > 0 && !known.some((v) => v.toLowerCase() === asked)) {
      return { status: 'failed', reason: 'Graph answered for another object than the one asked for' };
    }
    const name = object.displayName?.trim();
    if (!name) return { status: 'not-found' };
    return { status: 'found', name: [...name].slice(0, this.settings.maxNameLength).join('') };
  }

  /** One GET, retried until a terminal answer, each attempt under the pauses, the rate limit and a token. */
  private async request({ collection, url }: DirectoryObjectGet): Promise<Terminal> {
    const s = this.settings;
    let refreshedAfter401 = false;
    let forceRefresh = false;
    for (let attempt = 1; ; attempt++) {
      const refusal = this.refusedUntil.get(collection);
      if (refusal !== undefined && refusal.until > this.clock.now()) {
        return { kind: 'failed', reason: `lookups paused: ${refusal.reason}`, refused: true };
      }
      const paused = this.pausedUntil - this.clock.now();
      if (paused > 0) {
        if (paused > s.maxWaitMs) return { kind: 'failed', reason: `lookups paused: ${this.pauseReason}` };
        await this.clock.sleep(paused, this.signal);
        this.stats.throttledMs += paused;
      }
      if (this.limiter) this.stats.throttledMs += await this.limiter.acquire(this.signal);
      let answer: DirectoryAnswer;
      const token = await this.token(forceRefresh);
      if (typeof token === 'string') {
        forceRefresh = false;
        this.stats.requests++;
        answer = await fetchDirectoryObject(url, {
          token,
          signal: this.signal,
          timeoutMs: s.requestTimeoutMs,
          maxBytes: s.maxBodyBytes,
          now: () => this.clock.now(),
        });
      } else {
        answer = token;
      }
      switch (answer.kind) {
        case 'found':
        case 'not-found':
        case 'failed':
          return answer;
        case 'unauthorized':
          if (!refreshedAfter401) {
            // A rotated or revoked token: once more with a fresh one, then it is a permission problem.
            refreshedAfter401 = true;
            forceRefresh = true;
            this.stats.retries++;
            continue;
          }
          return this.refused(answer, collection);
        case 'forbidden':
          return this.refused(answer, collection);
        case 'retry': {
          const delay = answer.retryAfterMs ?? backoffDelay(attempt, s, this.random);
          if (answer.status === 429) this.pause(delay, `Graph throttled name lookups (${answer.reason})`);
          if (attempt >= s.maxAttempts) return { kind: 'failed', reason: `${answer.reason} (${attempt} attempts)` };
          if (delay > s.maxWaitMs) {
            return { kind: 'failed', reason: `${answer.reason}; a wait of ${delay} ms is more than a lookup waits` };
          }
          this.stats.retries++;
          // A 429's wait is the pause, taken at the top of the loop by every lookup alike.
          if (answer.status !== 429) await this.clock.sleep(delay, this.signal);
          break;
        }
      }
    }
  }

  /** A token, or a retry answer when the token endpoint failed transiently; a permanent failure fails the lookup. */
  private async token(forceRefresh: boolean): Promise<string | DirectoryAnswer> {
    const timeout = AbortSignal.timeout(this.settings.requestTimeoutMs);
    try {
      return await this.tokenProvider.getToken(
        this.signal ? AbortSignal.any([this.signal, timeout]) : timeout,
        forceRefresh ? { forceRefresh } : undefined,
      );
    } catch (error) {
      if (this.signal?.aborted) throw error;
      if (timeout.aborted) return { kind: 'retry', reason: 'the token endpoint did not answer in time' };
      const message = error instanceof Error ? error.message : String(error);
      if (isAuditClientError(error) && error.transient) return { kind: 'retry', reason: `token endpoint: ${message}` };
      return { kind: 'failed', reason: `no token: ${message}` };
    }
  }

  /**
   * Graph refused the app this collection: nothing is sent to it for permissionPauseMs, and the log says
   * what to grant, once per pause.
   */
  private refused(answer: { status: number; graphMessage: string }, collection: DirectoryCollection): Terminal {
    const reason = `Graph refused reading ${collection} (HTTP ${answer.status}${answer.graphMessage ? `: ${answer.graphMessage}` : ''})`;
    const now = this.clock.now();
    if ((this.refusedUntil.get(collection)?.until ?? 0) <= now) {
      this.logger.error(
        {
          collection,
          status: answer.status,
          graphMessage: answer.graphMessage,
          pauseMs: this.settings.permissionPauseMs,
          help: permissionHelp,
        },
        'directory name lookups refused by Graph; alerts show ids only until permission is granted',
      );
    }
    this.refusedUntil.set(collection, {
      until: now + this.settings.permissionPauseMs,
      reason: `${reason}. ${permissionHelp}`,
    });
    return { kind: 'failed', reason, refused: true };
  }

  private pause(ms: number, reason: string): void {
    const until = this.clock.now() + ms;
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.pauseReason = reason;
    this.logger.warn({ pauseMs: ms }, 'directory name lookups paused');
  }
}

function lookupOf(ref: DirectoryObjectRef, entry: Entry, cached: boolean): NameLookup {
  switch (entry.status) {
    case 'found':
      return { ref, outcome: cached ? 'cached' : 'found', name: entry.name };
    case 'not-found':
      return { ref, outcome: 'not-found' };
    case 'failed':
      return { ref, outcome: 'failed', reason: entry.reason };
  }
}
