import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The `error.code` values of the HTTP API (docs/console-api.md lists them). */
export type ApiErrorCode =
  | 'unknown_filter'
  | 'invalid_parameter'
  | 'unauthorized'
  | 'forbidden'
  | 'host_not_allowed'
  | 'payload_too_large'
  | 'rate_limited'
  | 'not_found'
  | 'unavailable'
  | 'busy'
  | 'query_timeout'
  | 'tenant_mismatch'
  | 'internal';

/**
 * An answer of the API that is not a success: its HTTP status, a stable code, the field at fault
 * (a query parameter or body field) and a message that says what to send instead.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: ContentfulStatusCode;
  readonly code: ApiErrorCode;
  readonly field?: string;
  readonly retryAfterSeconds?: number;

  constructor(
    status: ContentfulStatusCode,
    code: ApiErrorCode,
    message: string,
    options?: { field?: string; cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.code = code;
    if (options?.field !== undefined) this.field = options.field;
    if (options?.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The JSON body: `{ error: { code, message, field? } }`. */
  toJson(): { error: { code: ApiErrorCode; message: string; field?: string } } {
    return {
      error: { code: this.code, message: this.message, ...(this.field === undefined ? {} : { field: this.field }) },
    };
  }
}

export const invalidParameter = (field: string, message: string): ApiError =>
  new ApiError(400, 'invalid_parameter', `${field}: ${message}`, { field });
