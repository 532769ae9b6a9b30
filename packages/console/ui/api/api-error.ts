/** An answer of the API that is not a success: its status and, for bad input, the field it names. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The JSON body, when there was one (e.g. `{available:false, reason}` with a 501). */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

/** Reads an error body `{error:{code, field, message}}`; anything else becomes a generic message. */
export function toApiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; field?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message = typeof error?.message === 'string' ? error.message : `The server answered ${status}.`;
  const field = typeof error?.field === 'string' ? error.field : undefined;
  return new ApiError(status, code, message, field, body);
}
