import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from './config/log-levels.js';
import { redactPaths as workerRedactPaths } from './config/redaction-paths.js';
import { version } from './version.js';

/**
 * The pino options of both apps' loggers: `level`, base bindings `{ service, version }`, ISO times, and
 * `redactPaths` (the worker's unless given) censored. The CLI passes its own name, version and paths.
 */
export function loggerOptions(options: {
  service: string;
  version: string;
  level: LogLevel;
  redactPaths?: readonly string[];
}): LoggerOptions {
  return {
    level: options.level,
    base: { service: options.service, version: options.version },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...(options.redactPaths ?? workerRedactPaths)], censor: '[redacted]' },
  };
}

/**
 * The one pino root of the worker: JSON lines to stdout (or `destination`), base bindings
 * `{ service: 'worker', version }`. Children add `{ queue, jobId }` or `{ tenant }`; messages are
 * constant strings and data goes in fields.
 */
export function createLogger(options: { level: LogLevel; destination?: DestinationStream }): Logger {
  return pino(
    loggerOptions({ service: 'worker', version, level: options.level }),
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
