import type { AuditWindow } from './audit-window.js';
import { backoffDelay } from './backoff.js';
import { systemClock, type Clock } from '../support/clock.js';
import type { DirectoryAudit } from '../events/directory-audit.js';
import { directoryAuditsUrl } from './directory-audits-url.js';
import { AuditClientError, isAuditClientError } from '../errors/audit-client-error.js';
import { fetchGraphPage } from './fetch-graph-page.js';
import type { GraphOutcome } from './graph-response.js';
import { silentLogger, type Logger } from '../support/logger.js';
import type { QuarantineItem } from './quarantine-item.js';
import { splitByWindow } from './out-of-window.js';
import { RateLimiter } from './rate-limiter.js';
import { serviceSliceMs, sliceWindow } from './window-slices.js';
import {
  maxRetentionClampsPerWindow,
  movingRetentionClampMarginMs,
  retentionClampMarginMs,
} from './retention-clamp.js';
import { resolveReaderSettings, type AuditReaderOptions, type ResolvedReaderSettings } from './audit-reader-options.js';
import type { TokenProvider } from '../auth/token-provider.js';
import type { ODataClause } from './odata-clause.js';

export interface AuditPage {
  events: DirectoryAudit[];
  /** 0-based count of pages yielded by this readPages call (keeps counting across a restart). */
  index: number;
}

export interface ReaderStats {
  /** HTTP requests sent to Graph, retries included. */
  requests: number;
  pages: number;
  /** Valid records received, repeats included. */
  events: number;
  /** Records set aside as invalid (no id, unreadable activityDateTime), plus bodies of pages that stayed unreadable. */
  quarantined: number;
  retries: number;
  /** Time spent waiting on 429s and on the client-side rate limit. */
  throttledMs: number;
  /** Set when the retention 400 moved a window's start here (events before it are gone). */
  clampedFrom?: number;
}

export interface ReadPagesOptions {
  signal?: AbortSignal;
  /** Called with the new start when the retention 400 clamped the window. */
  onClamp?: (newFrom: number) => void;
  /**
   * Read only this service (null: every service, unfiltered) in one request sequence over the whole
   * window, instead of the configured services slice by slice. For callers that merge services themselves.
   */
  service?: string | null;
  /** Further `$filter` clauses (odata-clause.ts builds them), ANDed to the window and service. */
  clauses?: readonly ODataClause[];
  /** Newest first: `$orderby=activityDateTime desc`, and slices from the last. Default ascending. */
  descending?: boolean;
}

type Terminal = Extract<GraphOutcome, { kind: 'page' | 'retention' | 'http-error' }>;
type Retry = Extract<GraphOutcome, { kind: 'retry' }>;

/** A 4xx on a nextLink (an expired skiptoken) restarts a service's read of a slice from its first page this often. */
const maxRestartsPerWindow = 2;

const iso = (ms: number) => new Date(ms).toISOString();

const permissionHelp =
  'The app needs the Microsoft Graph application permissions AuditLog.Read.All and Directory.Read.All with admin consent: ' +
  'in the Microsoft Entra admin center of the B2C tenant open App registrations → your app → API permissions → Add a permission → ' +
  'Microsoft Graph → Application permissions, add both, then Grant admin consent.';

/**
 * Reads a tenant's audit events (defaultAuditServices unless told) from `/v1.0/auditLogs/directoryAudits`. Keep one reader per
 * tenant: its rate limiter is the tenant's budget. Transient failures are retried with backoff under
 * that budget; the retention 400 clamps the window; pages stream as they arrive.
 */
export class GraphAuditReader {
  readonly stats: ReaderStats = { requests: 0, pages: 0, events: 0, quarantined: 0, retries: 0, throttledMs: 0 };
  private readonly settings: ResolvedReaderSettings;
  private readonly tokenProvider: TokenProvider;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly limiter: RateLimiter | undefined;
  private readonly onQuarantine: AuditReaderOptions['onQuarantine'];

  constructor(options: AuditReaderOptions) {
    this.settings = resolveReaderSettings(options);
    this.tokenProvider = options.tokenProvider;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? Math.random;
    this.limiter = this.settings.rateLimit ? new RateLimiter(this.settings.rateLimit, this.clock) : undefined;
    this.onQuarantine = options.onQuarantine;
  }

  /**
   * Every record of the configured services with activityDateTime in [from, to], page by page: each
   * service's pages in ascending order, service after service within each hour of the window (see
   * serviceSliceMs); with `descending`, newest first and the last hour first; with `service`, that one
   * service over the whole window. A record may repeat (across page and slice boundaries, or after a restart of the
   * window): dedup by id downstream.
   * Records without an id or a valid activityDateTime, and records dated outside the window by more
   * than `clockSkewMs`, go to `onQuarantine` instead.
   * Throws AuditClientError: AC_ERR_GRAPH_PERMISSION, AC_ERR_GRAPH_HTTP, AC_ERR_GRAPH_RETRIES_EXHAUSTED,
   * AC_ERR_GRAPH_BAD_PAGE (also for a body past maxPageBytes), AC_ERR_GRAPH_REDIRECT, AC_ERR_TOKEN.
   */
  async *readPages(window: AuditWindow, options: ReadPagesOptions = {}): AsyncGenerator<AuditPage> {
    const { signal, onClamp, clauses, descending } = options;
    if (!Number.isFinite(window.from) || !Number.isFinite(window.to) || window.from > window.to) {
      throw new AuditClientError(
        'AC_ERR_OPTIONS_INVALID',
        `Invalid audit window: from must be a time no later than to (got ${window.from} – ${window.to}).`,
      );
    }
    const services = options.service !== undefined ? [this.checkedService(options.service)] : this.services;
    // One service: the window in one request sequence, as Graph's own examples read it. Several: slice by
    // slice, every service per slice, so no service's events trail another's by more than a slice.
    const ascending = services.length > 1 ? sliceWindow(window, serviceSliceMs) : [window];
    const slices = descending ? [...ascending].reverse() : ascending;
    let from = window.from;
    let index = 0;
    let clamps = 0;
    for (const slice of slices) {
      for (const service of services) {
        let restarts = 0;
        read: for (;;) {
          if (from > slice.to) break; // retention moved the start past this slice
          // Records are checked against the whole window: slices are ours, Graph only sees their bounds.
          const current = { from, to: window.to };
          const span = { from: Math.max(slice.from, from), to: slice.to };
          let url: string | undefined = directoryAuditsUrl(this.settings.graphBaseUrl, span, {
            service,
            pageSize: this.settings.pageSize,
            ...(clauses ? { clauses } : {}),
            ...(descending ? { descending } : {}),
          });
          let firstPage = true;
          while (url !== undefined) {
            const outcome = await this.request(url, current, index, signal);
            if (outcome.kind === 'retention') {
              clamps++;
              const clamped = outcome.floor + (clamps === 1 ? retentionClampMarginMs : movingRetentionClampMarginMs);
              if (clamped <= span.from || clamps > maxRetentionClampsPerWindow) {
                throw new AuditClientError(
                  'AC_ERR_GRAPH_HTTP',
                  `Graph kept refusing the window ${iso(span.from)} – ${iso(window.to)} as older than retention (${clamps} refusals; the window already starts ` +
                    `after a minimum Graph stated, or the minimum outran every clamp). The watermark did not move, so the next poll tries again; ` +
                    `if this repeats, report it with Graph's last message: ${outcome.graphMessage}`,
                );
              }
              from = clamped;
              this.stats.clampedFrom = from;
              this.logger.warn(
                { from: iso(from), to: iso(window.to) },
                'audit window clamped to retention; older events are no longer available',
              );
              onClamp?.(from);
              if (from > window.to) return;
              continue read;
            }
            if (outcome.kind === 'http-error') {
              if (!firstPage && outcome.status >= 400 && outcome.status < 500 && restarts < maxRestartsPerWindow) {
                restarts++;
                this.logger.warn(
                  { status: outcome.status, graphMessage: outcome.graphMessage },
                  'nextLink refused; restarting the window from its first page',
                );
                continue read;
              }
              throw new AuditClientError(
                'AC_ERR_GRAPH_HTTP',
                `Graph answered HTTP ${outcome.status} for ${service === null ? 'audit events' : `${service} audit events`} ${iso(span.from)} – ${iso(span.to)}: ${outcome.graphMessage || 'no message'}. Check graphBaseUrl and the services read.`,
              );
            }
            const page = outcome.page;
            const { inside, outside } = splitByWindow(page.value, current, this.settings.clockSkewMs);
            for (const { reason, record } of [...outcome.rejected, ...outside])
              await this.quarantine({ reason, record, window: current, page: index });
            this.stats.pages++;
            this.stats.events += inside.length;
            yield { events: inside, index: index++ };
            url = this.nextLink(page['@odata.nextLink']);
            firstPage = false;
          }
          break;
        }
      }
    }
  }

  /** The services this reader reads, one request sequence each (null: every service, unfiltered). */
  get services(): ReadonlyArray<string | null> {
    return this.settings.services ?? [null];
  }

  private checkedService(service: string | null): string | null {
    if (service !== null && service.trim() === '')
      throw new AuditClientError('AC_ERR_OPTIONS_INVALID', 'readPages: service must be a service name, or null.');
    return service;
  }

  /** Follows nextLink verbatim, but only to the Graph host this reader sends its token to. */
  private nextLink(link: unknown): string | undefined {
    if (typeof link !== 'string' || link === '') return undefined;
    let origin: string | undefined;
    try {
      origin = new URL(link).origin;
    } catch {
      origin = undefined;
    }
    if (origin !== this.settings.graphBaseUrl) {
      throw new AuditClientError(
        'AC_ERR_GRAPH_BAD_PAGE',
        `Graph returned an @odata.nextLink outside ${this.settings.graphBaseUrl} (${origin ?? 'not a URL'}); refusing to send the token there. Check graphBaseUrl is the Graph root Graph itself uses.`,
      );
    }
    return link;
  }

  /** Hands an unusable record or body to onQuarantine (awaited: it must be kept before the watermark moves). */
  private async quarantine(item: QuarantineItem): Promise<void> {
    this.stats.quarantined++;
    if (this.onQuarantine) {
      await this.onQuarantine(item);
      return;
    }
    this.logger.warn(
      { reason: item.reason, from: iso(item.window.from), to: iso(item.window.to), page: item.page },
      'graph record set aside; no quarantine configured',
    );
  }

  /** A token, or a retry outcome when the token endpoint failed transiently (throttling, 5xx, network, timeout). */
  private async tokenOrRetry(
    signal: AbortSignal | undefined,
    forceRefresh: boolean,
  ): Promise<string | (Retry & { tokenError: AuditClientError })> {
    try {
      return await this.token(signal, forceRefresh);
    } catch (error) {
      if (signal?.aborted || !isAuditClientError(error) || !error.transient) throw error;
      return { kind: 'retry', reason: `token endpoint: ${error.message}`, tokenError: error };
    }
  }

  /**
   * One request, retried until it gives a terminal outcome; every attempt (token included) passes the
   * rate limiter and counts against maxAttempts.
   */
  private async request(
    url: string,
    window: AuditWindow,
    page: number,
    signal: AbortSignal | undefined,
  ): Promise<Terminal> {
    let refreshedAfter401 = false;
    let forceRefresh = false;
    for (let attempt = 1; ; attempt++) {
      if (this.limiter) this.stats.throttledMs += await this.limiter.acquire(signal);
      const token = await this.tokenOrRetry(signal, forceRefresh);
      let outcome: GraphOutcome | (Retry & { tokenError?: AuditClientError });
      if (typeof token === 'string') {
        forceRefresh = false;
        this.stats.requests++;
        outcome = await fetchGraphPage(url, {
          token,
          signal,
          timeoutMs: this.settings.requestTimeoutMs,
          maxBytes: this.settings.maxPageBytes,
          now: () => this.clock.now(),
        });
      } else {
        outcome = token; // forceRefresh stays as it was: the next attempt asks again
      }
      switch (outcome.kind) {
        case 'page':
        case 'retention':
        case 'http-error':
          return outcome;
        case 'unauthorized':
          if (!refreshedAfter401) {
            // A revoked or rotated token: one retry with a fresh one, then it is a permission problem.
            refreshedAfter401 = true;
            forceRefresh = true;
            this.stats.retries++;
            this.logger.warn({ status: outcome.status }, 'graph answered 401; retrying once with a fresh token');
            continue;
          }
          throw this.permissionError(outcome);
        case 'forbidden':
          throw this.permissionError(outcome);
        case 'retry': {
          if (attempt >= this.settings.maxAttempts) throw await this.gaveUp(outcome, attempt, window, page);
          const delay = outcome.retryAfterMs ?? backoffDelay(attempt, this.settings, this.random);
          this.stats.retries++;
          if (outcome.status === 429) this.stats.throttledMs += delay;
          this.logger.warn(
            { reason: outcome.reason, attempt, delayMs: delay, retryAfter: outcome.retryAfterMs !== undefined },
            'graph request failed; retrying',
          );
          await this.clock.sleep(delay, signal);
          break;
        }
      }
    }
  }

  /**
   * The error after the last attempt. The last body of a page that stayed unreadable goes to the
   * quarantine first, so an operator can see what Graph sent; the window still fails.
   */
  private async gaveUp(
    outcome: Retry & { tokenError?: AuditClientError },
    attempt: number,
    window: AuditWindow,
    page: number,
  ): Promise<AuditClientError> {
    const span = `${iso(window.from)} – ${iso(window.to)}`;
    const next = 'The watermark did not move, so the next poll reads this window again';
    if (outcome.tokenError) {
      return new AuditClientError(
        'AC_ERR_TOKEN',
        `Gave up reading audit events ${span} after ${attempt} attempts: the token endpoint kept failing. ${next}. Last failure: ${outcome.tokenError.message}`,
        { cause: outcome.tokenError, transient: true },
      );
    }
    const error = new AuditClientError(
      'AC_ERR_GRAPH_RETRIES_EXHAUSTED',
      `Gave up reading audit events ${span} after ${attempt} attempts; last failure: ${outcome.reason}. ` +
        `${next}; if this repeats, check Graph service health and network access, or raise retry.maxAttempts.`,
    );
    if (outcome.body !== undefined) {
      try {
        await this.quarantine({ reason: error.message, record: outcome.body, window, page });
      } catch (quarantineError) {
        // The window fails either way; keep the reason it failed, and say the body could not be kept.
        this.logger.error(
          { error: String(quarantineError) },
          'could not quarantine the body of an unreadable graph page',
        );
      }
    }
    return error;
  }

  /** A token within the request timeout; a hung token endpoint becomes a transient AC_ERR_TOKEN, not a hang. */
  private async token(signal: AbortSignal | undefined, forceRefresh: boolean): Promise<string> {
    const timeout = AbortSignal.timeout(this.settings.requestTimeoutMs);
    try {
      return await this.tokenProvider.getToken(
        signal ? AbortSignal.any([signal, timeout]) : timeout,
        forceRefresh ? { forceRefresh } : undefined,
      );
    } catch (error) {
      if (timeout.aborted && !signal?.aborted) {
        throw new AuditClientError(
          'AC_ERR_TOKEN',
          `The token endpoint did not answer within ${this.settings.requestTimeoutMs} ms; check network access to the authority host.`,
          { cause: error, transient: true },
        );
      }
      throw error;
    }
  }

  private permissionError(outcome: { status: number; graphMessage: string }): AuditClientError {
    const extra =
      outcome.status === 401
        ? ' Also check that authorityHost and graphBaseUrl are the same cloud (tokens do not cross clouds).'
        : '';
    return new AuditClientError(
      'AC_ERR_GRAPH_PERMISSION',
      `Microsoft Graph refused to list audit logs (HTTP ${outcome.status}${outcome.graphMessage ? `: ${outcome.graphMessage}` : ''}). ${permissionHelp}${extra}`,
    );
  }
}
