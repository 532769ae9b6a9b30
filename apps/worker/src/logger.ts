import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config/log-levels.js';
import { redactPaths } from './config/redaction-paths.js';
import { version } from './version.js';

/**
 * The one pino root of the worker: JSON lines to stdout (or `destination`), base bindings
 * `{ service: 'worker', version }`. Children add `{ queue, jobId }` or `{ tenant }`; messages are
 * constant strings and data goes in fields.
 */
export function createLogger(options: { level: LogLevel; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'worker', version },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
