import { isAuditClientError } from '@b2c-alerts/audit-client';
import { isInvestigateError } from '@b2c-alerts/investigate';
import { isRuleEngineError } from '@b2c-alerts/rule-engine';
import { isWorkerError, WorkerConfigError } from '@b2c-alerts/worker';
import { CliError, isCliError } from './cli-error.js';

/**
 * The one place where errors from packages become CliErrors (and so exit codes). Package messages
 * already say what to do and carry no secrets; an untranslated error is not trusted to, so its
 * message is not shown.
 */
export function toCliError(error: unknown, signal?: AbortSignal): CliError {
  if (isCliError(error)) return error;
  if (signal?.aborted) {
    return new CliError(
      'CLI_ERR_INTERRUPTED',
      'Interrupted. Completed work is saved; run the same command again to continue.',
      { cause: error },
    );
  }
  if (isAuditClientError(error)) {
    // Bad options, or an archive directory another export is writing: for the user to sort out first.
    const fixBeforeRunning =
      error.code === 'AC_ERR_OPTIONS_INVALID' ||
      error.code === 'AC_ERR_URL_INSECURE' ||
      error.code === 'AC_ERR_ARCHIVE_LOCKED';
    return new CliError(fixBeforeRunning ? 'CLI_ERR_CONFIG' : 'CLI_ERR_RUNTIME', error.message, { cause: error });
  }
  if (isRuleEngineError(error)) {
    // An unreadable rules directory is for the user to fix; anything else went wrong while running.
    return new CliError(
      error.code === 'RE_ERR_RULES_DIR_UNREADABLE' ? 'CLI_ERR_CONFIG' : 'CLI_ERR_RUNTIME',
      error.message,
      { cause: error },
    );
  }
  if (isInvestigateError(error)) {
    // A bad filter or another tenant's archive is for the user to fix; a timeout, the disk or the engine failed while running.
    const code =
      error.code === 'IV_ERR_FILTER_INVALID'
        ? 'CLI_ERR_USAGE'
        : error.code === 'IV_ERR_TENANT_MISMATCH' || error.code === 'IV_ERR_ARCHIVE_PATH'
          ? 'CLI_ERR_CONFIG'
          : 'CLI_ERR_RUNTIME';
    return new CliError(code, error.message, { cause: error });
  }
  if (isWorkerError(error)) {
    // Configuration and rules are fixed before running; Redis, the port or a failed close are runtime failures.
    const fixBeforeRunning = error.code === 'WK_ERR_CONFIG' || error.code === 'WK_ERR_RULES_INVALID';
    const problems = error instanceof WorkerConfigError ? error.problems : undefined;
    return new CliError(fixBeforeRunning ? 'CLI_ERR_CONFIG' : 'CLI_ERR_RUNTIME', error.message, {
      cause: error,
      ...(problems ? { problems } : {}),
    });
  }
  const name = error instanceof Error ? error.name : typeof error;
  return new CliError(
    'CLI_ERR_INTERNAL',
    `Unexpected ${name}. Run again with LOG_LEVEL=debug to see the details, and report it if it repeats.`,
    { cause: error },
  );
}
