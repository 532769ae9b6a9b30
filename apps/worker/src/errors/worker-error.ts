/** Stable error codes of the worker app. */
export type WorkerErrorCode =
  /** The environment (or TENANTS_FILE) is invalid: fix the configuration and start again. */
  | 'WK_ERR_CONFIG'
  /** The rules directory has no valid rule set at start: fix the files `problems` name. */
  | 'WK_ERR_RULES_INVALID'
  /** Redis could not be reached at start. */
  | 'WK_ERR_REDIS'
  /** The HTTP port could not be bound. */
  | 'WK_ERR_HTTP'
  /** One or more steps of close() failed or did not finish in time; the others still ran. */
  | 'WK_ERR_CLOSE'
  /** A route names a channel kind (Slack, email) this worker has no sender for: set its variables. */
  | 'WK_ERR_CHANNEL_UNCONFIGURED'
  /** A query of the alert history is malformed (a cursor, a time range): fix the argument `message` names. */
  | 'WK_ERR_HISTORY_QUERY';

/** Base class of every error the worker raises itself; `message` says what to do next, never a secret. */
export class WorkerError extends Error {
  override name = 'WorkerError';
  readonly code: WorkerErrorCode;

  constructor(code: WorkerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** Cross-realm safe check (checks `code` as well as the prototype). */
export function isWorkerError(value: unknown): value is WorkerError {
  if (value instanceof WorkerError) return true;
  const code = value instanceof Error ? (value as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('WK_ERR_');
}
