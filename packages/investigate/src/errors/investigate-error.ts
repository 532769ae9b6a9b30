/** Stable error codes of this package. */
export type InvestigateErrorCode =
  /** A filter or query option is not valid; the message names the field and what to write. */
  | 'IV_ERR_FILTER_INVALID'
  /** The archive or its index could not be read or written (disk, permissions). */
  | 'IV_ERR_IO'
  /** A query ran past its time limit and was interrupted. */
  | 'IV_ERR_QUERY_TIMEOUT'
  /** The query engine failed on a query or an index build. */
  | 'IV_ERR_ENGINE'
  /** The archive belongs to another tenant than the one asked for. */
  | 'IV_ERR_TENANT_MISMATCH'
  /** The archive's path holds a character the engine reads as a file pattern (`*?[]{}`). */
  | 'IV_ERR_ARCHIVE_PATH';

/** Every error this package throws on purpose; messages name the file, field or flag and what to do. */
export class InvestigateError extends Error {
  override name = 'InvestigateError';
  readonly code: InvestigateErrorCode;
  /** For IV_ERR_FILTER_INVALID: the filter field at fault (`ip`, `since`, `details`…). */
  readonly field?: string;

  constructor(code: InvestigateErrorCode, message: string, options?: { cause?: unknown; field?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options?.field !== undefined) this.field = options.field;
  }
}

/** Cross-realm safe check (checks `name`/`code` as well as the prototype). */
export function isInvestigateError(value: unknown): value is InvestigateError {
  if (value instanceof InvestigateError) return true;
  const code = value instanceof Error ? (value as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('IV_ERR_') && (value as Error).name === 'InvestigateError';
}
