import slack from '@slack/web-api';
import type { Logger as SlackLogger, WebClient as SlackWebClient } from '@slack/web-api';
import { silentLogger, type Logger } from '@b2c-alerts/audit-client';
import type { Alert } from '../alert/alert.js';
import { NotifyError } from '../errors/notify-error.js';
import { renderSlackMessage } from '../render/render-slack.js';
import { translateSlackError } from './translate-slack-error.js';
import type { RenderOptions } from '../alert/investigation-links.js';

// @slack/web-api is CommonJS: its named exports are taken from the default export (CONTRIBUTING.md, "Toolchain notes").
const { WebClient, LogLevel } = slack;

export interface SlackSenderOptions {
  /** Bot token (xoxb-…). Never logged, never part of an error. */
  token: string;
  /** Web API base URL, for the emulator. @defaultValue https://slack.com/api/ */
  apiUrl?: string;
  /**
   * Retries inside the client, for 5xx and network errors only. @defaultValue 0: the delivery queue owns
   * retries and backoff, and rate limits are handed back at once with their Retry-After.
   */
  retries?: number;
  /** Per-request timeout. @defaultValue 10000 */
  timeoutMs?: number;
  logger?: Logger;
  /** The web console's base URL (CONSOLE_URL): each message links to the alert's investigation there. */
  consoleUrl?: string;
}

export interface SlackSendRequest {
  alert: Alert;
  /** Channel id (C…) or name the bot may post in. */
  channel: string;
  /** `ts` of the group's first message: later members of the group are posted in its thread. */
  threadTs?: string;
}

export interface SlackSendResult {
  channel: string;
  /** Message timestamp: the thread id for later members of the group. */
  ts: string;
}

/** The client's own logging is dropped: its messages are free text; ours are constant and redacted. */
const quietSlackLogger: SlackLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

function invalid(message: string): NotifyError {
  return new NotifyError('NT_ERR_OPTIONS_INVALID', message, { permanent: true });
}

/** Posts alerts with chat.postMessage; every failure is a NotifyError (see translateSlackError). */
export class SlackSender {
  readonly #client: SlackWebClient;
  readonly #logger: Logger;
  readonly #render: RenderOptions;

  constructor(o: SlackSenderOptions) {
    if (typeof o.token !== 'string' || o.token.trim() === '')
      throw invalid('SlackSender needs a bot token: set `token` (SLACK_BOT_TOKEN).');
    let apiUrl = 'https://slack.com/api/';
    if (o.apiUrl !== undefined) {
      const url = URL.canParse(o.apiUrl) ? new URL(o.apiUrl) : undefined;
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        throw invalid(
          'SlackSender `apiUrl` must be an absolute http(s) URL such as https://slack.com/api/ (SLACK_API_URL).',
        );
      }
      apiUrl = url.href;
    }
    const retries = o.retries ?? 0;
    if (!Number.isInteger(retries) || retries < 0 || retries > 10)
      throw invalid('SlackSender `retries` must be an integer from 0 to 10.');
    const timeoutMs = o.timeoutMs ?? 10_000;
    if (!(timeoutMs > 0)) throw invalid('SlackSender `timeoutMs` must be a positive number of milliseconds.');
    this.#logger = o.logger ?? silentLogger;
    this.#render = o.consoleUrl === undefined ? {} : { consoleUrl: o.consoleUrl };
    this.#client = new WebClient(o.token, {
      slackApiUrl: apiUrl,
      retryConfig: { retries, minTimeout: 200, maxTimeout: 2000 },
      rejectRateLimitedCalls: true,
      timeout: timeoutMs,
      logger: quietSlackLogger,
      // The API base is fixed; a method name must never redirect the token elsewhere.
      allowAbsoluteUrls: false,
    });
  }

  async send(req: SlackSendRequest): Promise<SlackSendResult> {
    const { text, blocks } = renderSlackMessage(req.alert, this.#render);
    const fields = { alertId: req.alert.id, ruleId: req.alert.ruleId, channel: req.channel, threadTs: req.threadTs };
    try {
      const res = await this.#client.chat.postMessage({
        channel: req.channel,
        text,
        blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(req.threadTs === undefined ? {} : { thread_ts: req.threadTs }),
      });
      if (typeof res.ts !== 'string') {
        throw new NotifyError(
          'NT_ERR_SLACK_TRANSIENT',
          `Slack accepted the message for channel ${req.channel} but returned no ts; will retry.`,
          { permanent: false },
        );
      }
      const result = { channel: typeof res.channel === 'string' ? res.channel : req.channel, ts: res.ts };
      this.#logger.info({ ...fields, ts: result.ts }, 'slack message posted');
      return result;
    } catch (error) {
      const e = translateSlackError(error, { channel: req.channel });
      this.#logger.warn(
        { ...fields, code: e.code, permanent: e.permanent, retryAfterMs: e.retryAfterMs },
        'slack message failed',
      );
      throw e;
    }
  }
}
