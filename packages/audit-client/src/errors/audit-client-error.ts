/** Stable error codes of this package. Documented in the README's error table. */
export type AuditClientErrorCode =
  | 'AC_ERR_OPTIONS_INVALID'
  | 'AC_ERR_URL_INSECURE'
  | 'AC_ERR_TOKEN'
  | 'AC_ERR_GRAPH_PERMISSION'
  | 'AC_ERR_GRAPH_HTTP'
  | 'AC_ERR_GRAPH_RETRIES_EXHAUSTED'
  | 'AC_ERR_GRAPH_BAD_PAGE'
  | 'AC_ERR_GRAPH_REDIRECT'
  | 'AC_ERR_EXPORT_READ'
  | 'AC_ERR_INPUT_TOO_LARGE'
  | 'AC_ERR_ARCHIVE_IO'
  | 'AC_ERR_ARCHIVE_CORRUPT'
  | 'AC_ERR_ARCHIVE_LOCKED';

/** Base class of every error this package throws; `code` is stable, `message` says what to do. */
export class AuditClientError extends Error {
  override name = 'AuditClientError';
  readonly code: AuditClientErrorCode;
  /** True when the same call may succeed later with nothing changed (throttling, 5xx, network, timeout). */
  readonly transient: boolean;

  constructor(code: AuditClientErrorCode, message: string, options?: { cause?: unknown; transient?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.transient = options?.transient ?? false;
  }
}

/** Cross-realm safe check (checks `name`/`code` as well as the prototype). */
export function isAuditClientError(value: unknown): value is AuditClientError {
  if (value instanceof AuditClientError) return true;
  const code = value instanceof Error ? (value as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('AC_ERR_');
}
