import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSlackMessage } from './check-slack-message.js';
import { readBody } from '../http/read-body.js';
import { slackFaultKinds, type SlackFault, type SlackFaultKind } from './slack-fault.js';

export interface SlackEmulatorOptions {
  /** The bot token requests must carry. @defaultValue 'xoxb-emulator-token' */
  token?: string;
  /** When given, posting to any other channel answers channel_not_found. */
  channels?: string[];
  /** Retry-After of 'rate_limited' faults that do not set their own. @defaultValue 1 */
  retryAfterSeconds?: number;
}

/** A message the emulator accepted, as parsed from the request. */
export interface SlackPostedMessage {
  channel: string;
  text: string;
  /** Parsed from the form's JSON string (or the JSON body). */
  blocks: unknown[] | undefined;
  thread_ts?: string;
  ts: string;
  /** Every parameter as received: form values are strings. */
  raw: Record<string, unknown>;
}

export interface SlackRequestRecord {
  method: string;
  status: number;
  /** Slack's `error` when the answer was not ok. */
  error?: string;
}

type Params = Record<string, unknown>;

function parseParams(req: IncomingMessage, body: string): Params | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(body);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Params) : undefined;
    } catch {
      return undefined;
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

function parseBlocks(value: unknown): unknown[] | undefined | 'invalid' {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return 'invalid';
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : 'invalid';
  } catch {
    return 'invalid';
  }
}

/**
 * A Slack Web API stand-in on a real HTTP server: chat.postMessage and auth.test, bearer-token checks,
 * Slack's message limits, and injectable faults (429 with Retry-After, 500, platform errors) consumed
 * one per request in order. Point `@slack/web-api` at `url` (SLACK_API_URL).
 */
export class SlackEmulator {
  readonly messages: SlackPostedMessage[] = [];
  readonly requests: SlackRequestRecord[] = [];
  readonly token: string;
  /** Base URL for `slackApiUrl`, e.g. http://127.0.0.1:PORT/api/ */
  readonly url: string;

  private readonly server: Server;
  private readonly events = new EventEmitter();
  private readonly faults: Array<{ kind: SlackFaultKind; retryAfterSeconds: number }> = [];
  private readonly channels: Set<string> | undefined;
  private readonly retryAfterSeconds: number;
  private readonly tsBase = Math.floor(Date.now() / 1000);
  private seq = 0;
  private closing: Promise<void> | undefined;

  private constructor(server: Server, o: SlackEmulatorOptions) {
    this.server = server;
    this.token = o.token ?? 'xoxb-emulator-token';
    this.channels = o.channels ? new Set(o.channels) : undefined;
    this.retryAfterSeconds = o.retryAfterSeconds ?? 1;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
  }

  static async start(o: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return new SlackEmulator(server, o);
  }

  /** Queues failures for the next requests, one per request, in order. */
  injectFaults(...faults: SlackFault[]): void {
    for (const f of faults) {
      const fault = typeof f === 'string' ? { kind: f } : f;
      if (!slackFaultKinds.includes(fault.kind))
        throw new TypeError(`Unknown Slack fault '${String(fault.kind)}'; use one of ${slackFaultKinds.join(', ')}`);
      const retryAfterSeconds = fault.retryAfterSeconds ?? this.retryAfterSeconds;
      if (!(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0))
        throw new RangeError('`retryAfterSeconds` must be a non-negative integer');
      this.faults.push({ kind: fault.kind, retryAfterSeconds });
    }
  }

  /** Calls `listener` for each accepted message; returns the unsubscribe function. */
  onMessage(listener: (message: SlackPostedMessage) => void): () => void {
    this.events.on('message', listener);
    return () => this.events.off('message', listener);
  }

  /** Resolves with the first `n` messages once they have arrived (event-driven; the timeout only bounds a failing test). */
  waitForMessages(n: number, o: { timeoutMs?: number } = {}): Promise<SlackPostedMessage[]> {
    if (this.messages.length >= n) return Promise.resolve(this.messages.slice(0, n));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`SlackEmulator: waited for ${n} messages, got ${this.messages.length}`));
      }, o.timeoutMs ?? 10_000);
      const off = this.onMessage(() => {
        if (this.messages.length < n) return;
        clearTimeout(timer);
        off();
        resolve(this.messages.slice(0, n));
      });
    });
  }

  /** Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private reply(
    res: ServerResponse,
    method: string,
    status: number,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): void {
    const error = body.ok === false && typeof body.error === 'string' ? body.error : undefined;
    this.requests.push({ method, status, ...(error === undefined ? {} : { error }) });
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    const method = path.startsWith('/api/') ? path.slice('/api/'.length) : path;
    const body = await readBody(req, 4 << 20);
    if (req.method !== 'POST' || !path.startsWith('/api/')) {
      this.reply(res, method, 404, { ok: false, error: 'unknown_method' });
      return;
    }

    const fault = this.faults.shift();
    if (fault?.kind === 'rate_limited') {
      this.reply(
        res,
        method,
        429,
        { ok: false, error: 'ratelimited' },
        { 'retry-after': String(fault.retryAfterSeconds) },
      );
      return;
    }
    if (fault?.kind === 'server_error') {
      this.requests.push({ method, status: 500 });
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal server error');
      return;
    }
    if (fault) {
      this.reply(res, method, 200, { ok: false, error: fault.kind });
      return;
    }

    const params = parseParams(req, body);
    if (!params) {
      this.reply(res, method, 200, { ok: false, error: 'invalid_json' });
      return;
    }
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : params.token;
    if (token === undefined || token === '') {
      this.reply(res, method, 200, { ok: false, error: 'not_authed' });
      return;
    }
    if (token !== this.token) {
      this.reply(res, method, 200, { ok: false, error: 'invalid_auth' });
      return;
    }

    if (method === 'auth.test') {
      this.reply(res, method, 200, {
        ok: true,
        url: 'https://emulator.slack.test/',
        team: 'Emulator',
        user: 'b2c-alerts',
        team_id: 'T00000001',
        user_id: 'U00000001',
        bot_id: 'B00000001',
      });
      return;
    }
    if (method === 'chat.postMessage') {
      this.postMessage(res, method, params);
      return;
    }
    this.reply(res, method, 200, { ok: false, error: 'unknown_method' });
  }

  private postMessage(res: ServerResponse, method: string, params: Params): void {
    const channel = params.channel;
    if (typeof channel !== 'string' || channel === '' || (this.channels && !this.channels.has(channel))) {
      this.reply(res, method, 200, { ok: false, error: 'channel_not_found' });
      return;
    }
    const blocks = parseBlocks(params.blocks);
    if (blocks === 'invalid') {
      this.reply(res, method, 200, { ok: false, error: 'invalid_blocks' });
      return;
    }
    const problem = checkSlackMessage(params.text, blocks);
    if (problem) {
      this.reply(res, method, 200, { ok: false, error: problem });
      return;
    }
    this.seq += 1;
    const ts = `${this.tsBase}.${String(this.seq).padStart(6, '0')}`;
    const message: SlackPostedMessage = {
      channel,
      text: typeof params.text === 'string' ? params.text : '',
      blocks,
      ts,
      raw: params,
    };
    if (typeof params.thread_ts === 'string' && params.thread_ts !== '') message.thread_ts = params.thread_ts;
    this.messages.push(message);
    this.reply(res, method, 200, {
      ok: true,
      channel,
      ts,
      message: {
        type: 'message',
        text: message.text,
        ts,
        ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      },
    });
    this.events.emit('message', message);
  }
}
