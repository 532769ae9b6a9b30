import { NotifyError } from '../errors/notify-error.js';

/** What to do next, per Slack error that retrying cannot fix. */
const permanentAdvice: Record<string, string> = {
  channel_not_found: 'check the channel id in the route and invite the bot to that channel',
  not_in_channel: 'invite the bot to the channel (/invite @bot)',
  is_archived: 'unarchive the channel or route the alerts to another one',
  invalid_auth: 'check the bot token (SLACK_BOT_TOKEN)',
  not_authed: 'configure the bot token (SLACK_BOT_TOKEN)',
  account_inactive: 'the token belongs to a deactivated user or app; install the app again',
  token_revoked: 'the token was revoked; install the app again and update SLACK_BOT_TOKEN',
  token_expired: 'the token expired; update SLACK_BOT_TOKEN',
  missing_scope: 'grant the bot the chat:write scope and reinstall the app',
  no_permission: 'grant the bot permission to post in that channel',
  restricted_action: 'a workspace policy stops the bot from posting there; ask a Slack admin',
  msg_too_long: 'the rendered message is too long; report this with the alert id',
  invalid_blocks: 'the rendered blocks were rejected; report this with the alert id',
  invalid_blocks_format: 'the rendered blocks were rejected; report this with the alert id',
  invalid_arguments: 'the request was rejected as malformed; report this with the alert id',
  no_text: 'the rendered message was empty; report this with the alert id',
};
const rateLimitedCodes = new Set(['ratelimited', 'rate_limited', 'message_limit_exceeded']);

export interface SlackErrorContext {
  channel: string;
}

interface SlackLikeError {
  code?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown };
  message?: unknown;
}

/** A Slack error code is a short snake_case word; anything else (a hostile server) is not echoed. */
function platformCode(e: SlackLikeError): string {
  const code = e.data?.error;
  return typeof code === 'string' && /^[a-z0-9_]{1,64}$/.test(code) ? code : 'unknown_error';
}

/**
 * The one place where @slack/web-api errors become NotifyErrors. Works on `code` strings (not
 * classes) because the library is CommonJS and its classes are not reliably shared across loaders.
 * Messages carry Slack's error code and the channel, never the token or the request.
 */
export function translateSlackError(error: unknown, ctx: SlackErrorContext): NotifyError {
  if (error instanceof NotifyError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as SlackLikeError;
  const where = `posting to Slack channel ${ctx.channel}`;

  if (e.code === 'slack_webapi_rate_limited_error') {
    const seconds = typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : undefined;
    return new NotifyError(
      'NT_ERR_SLACK_RATE_LIMITED',
      `Slack rate-limited ${where}; retry after ${seconds ?? 'a backoff'} seconds.`,
      {
        permanent: false,
        ...(seconds === undefined ? {} : { retryAfterMs: seconds * 1000 }),
        cause: error,
      },
    );
  }
  if (e.code === 'slack_webapi_platform_error') {
    const code = platformCode(e);
    const advice = permanentAdvice[code];
    if (advice) {
      return new NotifyError('NT_ERR_SLACK_PERMANENT', `Slack refused ${where} (${code}): ${advice}. Not retried.`, {
        permanent: true,
        cause: error,
      });
    }
    if (rateLimitedCodes.has(code)) {
      return new NotifyError(
        'NT_ERR_SLACK_RATE_LIMITED',
        `Slack rate-limited ${where} (${code}); retry after a backoff.`,
        { permanent: false, cause: error },
      );
    }
    return new NotifyError('NT_ERR_SLACK_TRANSIENT', `Slack failed ${where} (${code}); will retry.`, {
      permanent: false,
      cause: error,
    });
  }
  if (e.code === 'slack_webapi_http_error' && typeof e.statusCode === 'number') {
    const status = e.statusCode;
    if (status >= 400 && status < 500 && status !== 408) {
      return new NotifyError(
        'NT_ERR_SLACK_PERMANENT',
        `Slack answered HTTP ${status} ${where}: check the Slack API URL (SLACK_API_URL). Not retried.`,
        { permanent: true, cause: error },
      );
    }
    return new NotifyError('NT_ERR_SLACK_TRANSIENT', `Slack answered HTTP ${status} ${where}; will retry.`, {
      permanent: false,
      cause: error,
    });
  }
  // A 429 without a usable Retry-After surfaces as a plain Error from the client.
  if (typeof e.message === 'string' && e.message.startsWith('Retry header did not contain a valid timeout')) {
    return new NotifyError(
      'NT_ERR_SLACK_RATE_LIMITED',
      `Slack rate-limited ${where} without a Retry-After; retry after a backoff.`,
      { permanent: false, cause: error },
    );
  }
  return new NotifyError(
    'NT_ERR_SLACK_TRANSIENT',
    `Could not reach Slack ${where}; check the network and the Slack API URL. Will retry.`,
    { permanent: false, cause: error },
  );
}
