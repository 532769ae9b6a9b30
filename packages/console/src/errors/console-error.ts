/** Stable error codes of this package. */
export type ConsoleErrorCode =
  /** The console's options are not valid (a non-loopback host without a token, a bad port…). */
  | 'CONSOLE_ERR_CONFIG'
  /** The server could not listen (port taken, address not available). */
  | 'CONSOLE_ERR_LISTEN';

/** What startConsole throws on purpose; messages name the option or variable and what to do. */
export class ConsoleError extends Error {
  override name = 'ConsoleError';
  readonly code: ConsoleErrorCode;

  constructor(code: ConsoleErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
