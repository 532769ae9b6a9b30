/** Stable error codes of this package. */
export type NotifyErrorCode =
  | 'NT_ERR_OPTIONS_INVALID'
  | 'NT_ERR_SLACK_RATE_LIMITED'
  | 'NT_ERR_SLACK_PERMANENT'
  | 'NT_ERR_SLACK_TRANSIENT'
  | 'NT_ERR_EMAIL_PERMANENT'
  | 'NT_ERR_EMAIL_TRANSIENT';

export interface NotifyErrorOptions {
  /** Retrying the same delivery cannot succeed (unknown channel, rejected address, bad token). */
  permanent: boolean;
  /** How long the channel asked us to wait before the next attempt. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * Every error a sender throws. The delivery queue classifies with it: `permanent` stops retrying,
 * `retryAfterMs` waits, anything else backs off. Messages never contain tokens or passwords.
 */
export class NotifyError extends Error {
  override name = 'NotifyError';
  readonly code: NotifyErrorCode;
  readonly permanent: boolean;
  readonly retryAfterMs?: number;

  constructor(code: NotifyErrorCode, message: string, o: NotifyErrorOptions) {
    super(message, o.cause === undefined ? undefined : { cause: o.cause });
    this.code = code;
    this.permanent = o.permanent;
    if (o.retryAfterMs !== undefined) this.retryAfterMs = o.retryAfterMs;
  }
}

/** Cross-realm safe check (checks `name`/`code` as well as the prototype). */
export function isNotifyError(value: unknown): value is NotifyError {
  if (value instanceof NotifyError) return true;
  const code = value instanceof Error ? (value as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('NT_ERR_');
}
