import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { AuditQueryError, nextLinkFor, parseAuditQuery, type AuditQuery } from './audit-query.js';
import {
  DirectoryObjectStore,
  isGuid,
  parseDirectoryPath,
  selected,
  type DirectoryObjectFixture,
  type DirectoryPath,
} from './directory-objects.js';
import { registerCertificate } from '../token-endpoint/client-assertion.js';
import { EventStore } from './event-store.js';
import { FaultQueue, type Fault, type FaultKind, type RandomFaults } from './fault-queue.js';
import { writeFaultResponse } from './fault-response.js';
import { graphErrorBody } from './graph-error.js';
import { ODataFilterError } from './odata-filter.js';
import { SlidingWindowLimiter } from './rate-limiter.js';
import { readBody } from '../http/read-body.js';
import { retentionErrorBody, retentionFloor } from './retention.js';
import { TokenEndpoint, checkTokenFaultKind, type TokenFaultKind } from '../token-endpoint/token-endpoint.js';

export interface GraphEmulatorOptions {
  /** Default '11111111-2222-3333-4444-555555555555'. */
  tenantId?: string;
  /** Default 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'. */
  clientId?: string;
  /** The accepted client secret; default 'emulator-secret'. */
  clientSecret?: string;
  /** When set, client_assertion JWTs signed by this certificate's key (named by `x5t#S256`) are accepted. */
  certificatePem?: string;
  /** Default 1000; a larger `$top` is clamped to it. */
  maxPageSize?: number;
  /** Default 7: a lower bound before startOfUtcDay(now - 7 d) gets Graph's retention 400. */
  retentionDays?: number;
  /** The emulator's clock for visibility and retention (token lifetimes use the wall clock). Default Date.now. */
  now?: () => number;
  /** Server-side throttle for Graph GETs; answered with 429 (with Retry-After unless `retryAfter: false`). */
  rateLimit?: { requests: number; intervalMs: number; retryAfter?: boolean } | false;
  /** Faults drawn at random (seeded) for GETs with no queued fault. */
  randomFaults?: RandomFaults;
  /** Default 3599. */
  tokenLifetimeSeconds?: number;
  /**
   * Remember when each event id was first served (see servedAt), for latency measurements. Off by
   * default: the log holds every id served, so it grows with a long-running emulator.
   */
  recordServed?: boolean;
}

export interface GraphEmulatorStats {
  tokenRequests: number;
  graphRequests: number;
  pagesServed: number;
  eventsServed: number;
  faultsServed: number;
  /** Token requests answered with an injected fault (see injectTokenFaults). */
  tokenFaultsServed: number;
  throttled: number;
}

/** One Graph GET as the emulator answered it; `status` 0 means the socket was reset or left hanging. */
export interface EmulatorRequest {
  at: number;
  path: string;
  query: string;
  status: number;
  /** The injected fault this request was answered with, if any. */
  fault?: FaultKind;
}

const AUDITS_PATH = /^\/(v1\.0|beta)\/auditLogs\/directoryAudits\/?$/;
const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/;
const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

/**
 * Microsoft Graph `/auditLogs/directoryAudits` plus the Entra ID token endpoint, on one real HTTP
 * server (127.0.0.1, free port), for tests and the demo. Serves stored events with Graph's paging
 * (opaque `$skiptoken`, absolute `@odata.nextLink`), the `$filter` subset we send, retention and
 * throttling errors with Graph's bodies, late-arriving events, and faults injected on demand.
 */
export class GraphEmulator {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly stats: GraphEmulatorStats = {
    tokenRequests: 0,
    graphRequests: 0,
    pagesServed: 0,
    eventsServed: 0,
    faultsServed: 0,
    tokenFaultsServed: 0,
    throttled: 0,
  };
  readonly requests: EmulatorRequest[] = [];
  /** GETs of applications and service principals (kept apart from `requests`, which are audit reads). */
  readonly directoryRequests: EmulatorRequest[] = [];

  private readonly store = new EventStore();
  private readonly directory = new DirectoryObjectStore();
  private readonly faults: FaultQueue;
  private readonly directoryFaults = new FaultQueue();
  private readonly tokenFaults: TokenFaultKind[] = [];
  /** Wire overrides of addEvents' `serveWith`, by stored id. */
  private readonly wire = new Map<string, Record<string, unknown>>();
  private readonly tokens: TokenEndpoint;
  private readonly limiter: SlidingWindowLimiter | undefined;
  private readonly limiterRetryAfter: boolean;
  private readonly maxPageSize: number;
  private readonly retentionDays: number;
  private readonly now: () => number;
  /** First wall-clock serve time by event id, when `recordServed`. */
  private readonly served: Map<string, number> | undefined;
  private readonly server: Server;
  private baseUrl = '';
  private closing: Promise<void> | undefined;

  static async start(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
    const emulator = new GraphEmulator(options);
    await emulator.listen();
    return emulator;
  }

  private constructor(options: GraphEmulatorOptions) {
    this.tenantId = options.tenantId ?? '11111111-2222-3333-4444-555555555555';
    this.clientId = options.clientId ?? 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
    this.clientSecret = options.clientSecret ?? 'emulator-secret';
    this.maxPageSize = options.maxPageSize ?? 1000;
    this.retentionDays = options.retentionDays ?? 7;
    this.now = options.now ?? Date.now;
    this.served = options.recordServed ? new Map() : undefined;
    const lifetime = options.tokenLifetimeSeconds ?? 3599;
    if (!(Number.isInteger(this.maxPageSize) && this.maxPageSize > 0))
      throw new RangeError('`maxPageSize` must be a positive integer');
    if (!(this.retentionDays >= 0)) throw new RangeError('`retentionDays` must be zero or more');
    if (!(Number.isInteger(lifetime) && lifetime > 0))
      throw new RangeError('`tokenLifetimeSeconds` must be a positive integer');
    this.faults = new FaultQueue(options.randomFaults);
    this.tokens = new TokenEndpoint({
      tenantId: this.tenantId,
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      certificate: options.certificatePem === undefined ? undefined : registerCertificate(options.certificatePem),
      tokenLifetimeSeconds: lifetime,
    });
    const rateLimit = options.rateLimit;
    this.limiter = rateLimit ? new SlidingWindowLimiter(rateLimit.requests, rateLimit.intervalMs) : undefined;
    this.limiterRetryAfter = rateLimit ? rateLimit.retryAfter !== false : true;
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(
            graphErrorBody(
              'UnknownError',
              `Emulator failure: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
        } else {
          res.destroy();
        }
      });
    });
  }

  /** 'http://127.0.0.1:PORT': both the authority host and the Graph base URL. */
  get url(): string {
    return this.baseUrl;
  }

  /**
   * Stores events (ids already stored are ignored). They are served once `now() >= visibleAt`.
   * `serveWith` replaces fields on the wire only (undefined removes one), to serve records Graph
   * should not send, such as an unreadable activityDateTime or no id; filtering and paging still use
   * the stored values.
   */
  addEvents(
    events: Iterable<DirectoryAudit>,
    options: { visibleAt?: number; serveWith?: Record<string, unknown> } = {},
  ): void {
    const { serveWith } = options;
    if (serveWith === undefined) {
      this.store.add(events, options.visibleAt ?? Number.NEGATIVE_INFINITY);
      return;
    }
    const fresh = [...events].filter((event) => !this.store.has(event.id));
    this.store.add(fresh, options.visibleAt ?? Number.NEGATIVE_INFINITY);
    for (const event of fresh) this.wire.set(event.id, serveWith);
  }

  /** Queues faults; each is consumed by the next Graph GET, in order (see FaultQueue for the one exception). */
  injectFaults(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /**
   * Application registrations served at `/applications/{id}` and `/applications(appId='…')`; an id
   * already stored is replaced.
   */
  addApplications(objects: Iterable<DirectoryObjectFixture>): void {
    this.directory.add('applications', objects);
  }

  /** Service principals served at `/servicePrincipals/{id}` and `/servicePrincipals(appId='…')`. */
  addServicePrincipals(objects: Iterable<DirectoryObjectFixture>): void {
    this.directory.add('servicePrincipals', objects);
  }

  /**
   * Queues faults for the application and service-principal GETs (the audit GETs have their own queue),
   * each consumed by the next such GET, in order: the same kinds as injectFaults.
   */
  injectDirectoryFaults(...faults: Fault[]): void {
    this.directoryFaults.push(...faults);
  }

  /** How many queued faults have not been served yet. */
  pendingFaults(): number {
    return this.faults.pending;
  }

  /**
   * Queues faults for the token endpoint; each answers the next token request, in order: '500' and
   * '429' (Retry-After: 1) with Entra's transient error bodies, 'network-reset' destroys the socket,
   * 'hang' never answers (until close).
   */
  injectTokenFaults(...kinds: TokenFaultKind[]): void {
    for (const kind of kinds) checkTokenFaultKind(kind);
    this.tokenFaults.push(...kinds);
  }

  /** How many queued token faults have not been served yet. */
  pendingTokenFaults(): number {
    return this.tokenFaults.length;
  }

  eventCount(): number {
    return this.store.size;
  }

  /**
   * When the event was first sent in a complete page (wall clock, Date.now, whatever `now` is, so it
   * compares with receipt times taken in other processes); undefined when it has not been served or
   * `recordServed` is off. Truncated pages do not count: the client could not read them.
   */
  servedAt(id: string): number | undefined {
    return this.served?.get(id);
  }

  /** Stops listening and drops keep-alive connections. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private onTheWire(event: DirectoryAudit): unknown {
    const serveWith = this.wire.get(event.id);
    return serveWith === undefined ? event : { ...event, ...serveWith };
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        resolve();
      });
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const token = TOKEN_PATH.exec(url.pathname);
    if (token && req.method === 'POST') {
      this.stats.tokenRequests++;
      const form = new URLSearchParams(await readBody(req));
      const fault = this.tokenFaults.shift();
      if (fault !== undefined) this.stats.tokenFaultsServed++;
      if (fault === 'network-reset') {
        res.socket?.destroy();
        return;
      }
      if (fault === 'hang') return; // answered by close(), which drops the connection
      const answer =
        fault === undefined
          ? this.tokens.handle(decodeURIComponent(token[1]!), form)
          : this.tokens.transientError(fault);
      res.writeHead(answer.status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store, no-cache',
        ...answer.headers,
      });
      res.end(answer.body);
      return;
    }
    const audits = AUDITS_PATH.exec(url.pathname);
    if (audits && req.method === 'GET') {
      this.serveAudits(req, res, url, audits[1]!);
      return;
    }
    const directoryPath = parseDirectoryPath(url.pathname);
    if (directoryPath && req.method === 'GET') {
      this.serveDirectoryObject(req, res, url, directoryPath);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(graphErrorBody('BadRequest', `Resource not found for the segment '${url.pathname}'.`));
  }

  /** One application or service principal, as Graph's directory answers: `$select`, 404 and 400 bodies, faults. */
  private serveDirectoryObject(req: IncomingMessage, res: ServerResponse, url: URL, path: DirectoryPath): void {
    const record: EmulatorRequest = {
      at: this.now(),
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      status: 200,
    };
    this.directoryRequests.push(record);
    const requestId = randomUUID();
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': JSON_TYPE, 'request-id': requestId, ...headers });
      res.end(body);
    };
    const fault = this.directoryFaults.take(false);
    if (fault) {
      const status = writeFaultResponse(res, fault);
      if (status !== undefined) {
        record.status = status;
        record.fault = fault.kind;
        return;
      }
    }
    const bearer = this.tokens.check(req.headers.authorization);
    if (bearer !== 'valid') {
      send(401, graphErrorBody('InvalidAuthenticationToken', 'Access token validation failure.', requestId), {
        'www-authenticate': WWW_AUTHENTICATE,
      });
      return;
    }
    if (!isGuid(path.key)) {
      send(400, graphErrorBody('Request_BadRequest', `Invalid object identifier '${path.key}'.`, requestId));
      return;
    }
    const object = this.directory.find(path);
    if (!object) {
      send(
        404,
        graphErrorBody(
          'Request_ResourceNotFound',
          `Resource '${path.key}' does not exist or one of its queried reference-property objects are not present.`,
          requestId,
        ),
      );
      return;
    }
    const select = url.searchParams.get('$select');
    const context = `${this.baseUrl}/${path.version}/$metadata#${path.collection}${select ? `(${select})` : ''}/$entity`;
    send(200, JSON.stringify({ '@odata.context': context, ...selected(object, select) }));
  }

  private serveAudits(req: IncomingMessage, res: ServerResponse, url: URL, version: string): void {
    this.stats.graphRequests++;
    const record: EmulatorRequest = {
      at: this.now(),
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      status: 200,
    };
    this.requests.push(record);
    const requestId = randomUUID();
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, {
        'content-type': JSON_TYPE,
        'request-id': requestId,
        'client-request-id': requestId,
        ...headers,
      });
      res.end(body);
    };

    const fault = this.faults.take(url.searchParams.has('$skiptoken'));
    if (fault) {
      const status = writeFaultResponse(res, fault);
      if (status !== undefined) {
        record.status = status;
        record.fault = fault.kind;
        this.stats.faultsServed++;
        return;
      }
    }

    const bearer = this.tokens.check(req.headers.authorization);
    if (bearer !== 'valid') {
      const message =
        bearer === 'missing'
          ? 'Access token is empty.'
          : bearer === 'expired'
            ? 'Lifetime validation failed, the token is expired.'
            : 'Access token validation failure.';
      send(401, graphErrorBody('InvalidAuthenticationToken', message, requestId), {
        'www-authenticate': WWW_AUTHENTICATE,
      });
      return;
    }

    if (this.limiter) {
      const waitMs = this.limiter.tryAcquire(this.now());
      if (waitMs > 0) {
        this.stats.throttled++;
        const headers: Record<string, string> = this.limiterRetryAfter
          ? { 'retry-after': String(Math.ceil(waitMs / 1000)) }
          : {};
        send(429, graphErrorBody('TooManyRequests', 'Too many requests.', requestId), headers);
        return;
      }
    }

    let query: AuditQuery;
    try {
      query = parseAuditQuery(url.searchParams, this.maxPageSize);
    } catch (error) {
      if (!(error instanceof AuditQueryError || error instanceof ODataFilterError)) throw error;
      send(400, graphErrorBody('BadRequest', error.message, requestId));
      return;
    }

    const now = this.now();
    const floorMs = retentionFloor(now, this.retentionDays);
    if (!query.cursor && query.filter.from && query.filter.from.time.ms < floorMs) {
      send(400, retentionErrorBody(floorMs));
      return;
    }

    const repeat = fault?.kind === 'duplicate-across-boundary' && query.cursor !== undefined;
    const page = this.store.page({
      filter: query.filter,
      descending: query.descending,
      top: query.top,
      after: query.cursor,
      repeatCursor: repeat,
      floorMs,
      now,
    });
    const body: Record<string, unknown> = {
      '@odata.context': `${this.baseUrl}/${version}/$metadata#auditLogs/directoryAudits`,
    };
    if (page.more && page.last)
      body['@odata.nextLink'] = nextLinkFor(`${this.baseUrl}/${version}/auditLogs/directoryAudits`, query, page.last);
    body.value = this.wire.size === 0 ? page.events : page.events.map((e) => this.onTheWire(e));
    let text = JSON.stringify(body);

    if (fault?.kind === 'truncated-json') {
      this.stats.faultsServed++;
      record.fault = fault.kind;
      text = text.slice(0, Math.floor(text.length / 2));
    } else {
      if (repeat) {
        this.stats.faultsServed++;
        record.fault = 'duplicate-across-boundary';
      }
      this.stats.pagesServed++;
      this.stats.eventsServed += page.events.length;
      if (this.served) {
        const at = Date.now();
        for (const event of page.events) if (!this.served.has(event.id)) this.served.set(event.id, at);
      }
    }
    send(200, text);
  }
}
