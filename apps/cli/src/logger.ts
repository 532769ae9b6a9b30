import { loggerOptions, redactPaths as workerRedactPaths, type LogLevel } from '@b2c-alerts/worker';
import { pino, type DestinationStream, type Logger } from 'pino';
import { version } from './version.js';

/**
 * Paths pino censors wherever they appear: the worker's list whole (`b2c-alerts run` and the demo log
 * the worker through this logger), and the credentials of the CLI's own config (`config.connection`)
 * and of a token request's form fields.
 */
export const redactPaths = [
  'client_secret',
  'client_assertion',
  'config.azure.clientSecret',
  'config.connection.clientSecret',
  'config.connection.certificate.privateKeyPem',
  ...workerRedactPaths,
];

/**
 * The one pino root of the CLI. JSON lines to stderr, so stdout carries only command output (the
 * summary). Messages are constant strings; data goes in fields.
 */
export function createLogger(options: { level: LogLevel; destination: DestinationStream }): Logger {
  return pino(
    loggerOptions({ service: 'b2c-alerts', version, level: options.level, redactPaths }),
    options.destination,
  );
}
