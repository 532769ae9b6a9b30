import type { EventEmitter } from 'node:events';
import type { Clock } from '@b2c-alerts/audit-client';
import type { Logger } from 'pino';
import type { Environment } from './env.js';
import type { Progress, ProgressStream } from './progress.js';

/** What every command receives from runCli: its I/O, environment, clock and cancellation. */
export interface CommandContext {
  env: Environment;
  /** Command output (summaries); nothing else writes here. */
  stdout: ProgressStream;
  /** Logs, the progress line and error messages. */
  stderr: ProgressStream;
  /** Aborted on SIGINT/SIGTERM: the command stops at the next safe point. */
  signal: AbortSignal;
  /**
   * Emits `hangup` on SIGHUP while a command listens (`run` reloads its rules); with no listener,
   * bin.ts treats SIGHUP like SIGTERM.
   */
  hangups?: EventEmitter;
  clock: Clock;
  logger: Logger;
  progress: Progress;
}
