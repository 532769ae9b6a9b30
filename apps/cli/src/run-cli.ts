import type { EventEmitter } from 'node:events';
import { systemClock, type Clock } from '@b2c-alerts/audit-client';
import { CommanderError } from 'commander';
import { logLevelOf, type Environment } from './env.js';
import { toCliError } from './errors/to-cli-error.js';
import { createLogger } from './logger.js';
import { createProgram } from './program.js';
import { createProgress, type ProgressStream } from './progress.js';

export interface RunCliOptions {
  env: Environment;
  stdout: ProgressStream;
  stderr: ProgressStream;
  /** Abort to stop the running command at its next safe point (bin.ts aborts on SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** bin.ts emits `hangup` here on SIGHUP (see CommandContext.hangups). */
  hangups?: EventEmitter;
  /** Time for windows, rate limiting and backoff; tests pass a VirtualClock. */
  clock?: Clock;
}

/**
 * Runs one command line in process and resolves with its exit status: 0 success, 2 usage or
 * configuration error, 1 runtime failure, 130 interrupted. Never exits and never throws; bin.ts and
 * tests share it.
 */
export async function runCli(argv: readonly string[], options: RunCliOptions): Promise<number> {
  const signal = options.signal ?? new AbortController().signal;
  const progress = createProgress(options.stderr);
  const logger = createLogger({ level: logLevelOf(options.env), destination: progress.logDestination });
  const program = createProgram({
    env: options.env,
    stdout: options.stdout,
    stderr: options.stderr,
    signal,
    ...(options.hangups ? { hangups: options.hangups } : {}),
    clock: options.clock ?? systemClock,
    logger,
    progress,
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    progress.clear();
    // Commander has printed its own message (or the help / version) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const cliError = toCliError(error, signal);
    logger.debug({ err: error, code: cliError.code }, 'command failed');
    options.stderr.write(`b2c-alerts: ${cliError.message}\n`);
    return cliError.exitCode;
  }
}
