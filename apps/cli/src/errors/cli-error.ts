import type { ConfigProblem } from '@b2c-alerts/worker';

/** Stable error codes of the CLI. */
export type CliErrorCode =
  /** Bad arguments or options: fix the command line. */
  | 'CLI_ERR_USAGE'
  /** Bad environment or an archive directory that cannot be used: fix the configuration. */
  | 'CLI_ERR_CONFIG'
  /** Stopped by SIGINT/SIGTERM; completed work is kept. */
  | 'CLI_ERR_INTERRUPTED'
  /** The command failed while running (Graph, token, disk). */
  | 'CLI_ERR_RUNTIME'
  /** A check found what it looks for (rule problems, failing rule tests, a rule that does not match); the output says what. */
  | 'CLI_ERR_CHECK_FAILED'
  /** A bug: an error nobody translated. */
  | 'CLI_ERR_INTERNAL';

/** A problem with one environment variable; never carries its value. */
export type { ConfigProblem };

/** Exit statuses: 2 for what the user must fix before running, 1 for runtime failures, 130 after a signal. */
const exitCodes: Record<CliErrorCode, number> = {
  CLI_ERR_USAGE: 2,
  CLI_ERR_CONFIG: 2,
  CLI_ERR_INTERRUPTED: 130,
  CLI_ERR_RUNTIME: 1,
  CLI_ERR_CHECK_FAILED: 1,
  CLI_ERR_INTERNAL: 1,
};

/** Every error the CLI reports; `message` says what to do next and never contains a secret. */
export class CliError extends Error {
  override name = 'CliError';
  readonly code: CliErrorCode;
  readonly problems: readonly ConfigProblem[];

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown; problems?: readonly ConfigProblem[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.problems = options?.problems ?? [];
  }

  get exitCode(): number {
    return exitCodes[this.code];
  }
}

export function isCliError(value: unknown): value is CliError {
  if (value instanceof CliError) return true;
  const code = value instanceof Error ? (value as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('CLI_ERR_') && (value as Error).name === 'CliError';
}
