import { redactPaths as workerRedactPaths } from '@b2c-alerts/worker';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './env.js';
import { version } from './version.js';

/**
 * Paths pino censors wherever they appear (house rule 8). Credentials travel in `connection` /
 * `config.azure` objects and HTTP headers; listing the leaf names one level deep as well catches them
 * under any binding name. `b2c-alerts run` and the demo log the worker through this logger, so the
 * worker's own list (its config's Slack token, SMTP and Redis URLs, …) is included whole.
 */
export const redactPaths = [...new Set([
  'clientSecret',
  'privateKeyPem',
  'authorization',
  'accessToken',
  'client_secret',
  'client_assertion',
  'AZURE_CLIENT_SECRET',
  '*.clientSecret',
  '*.privateKeyPem',
  '*.authorization',
  '*.Authorization',
  '*.accessToken',
  '*.access_token',
  '*.client_secret',
  '*.client_assertion',
  '*.AZURE_CLIENT_SECRET',
  '*.headers.authorization',
  '*.certificate.privateKeyPem',
  'config.azure.clientSecret',
  'config.connection.clientSecret',
  'config.connection.certificate.privateKeyPem',
  ...workerRedactPaths,
])];

/**
 * The one pino root of the CLI. JSON lines to stderr, so stdout carries only command output (the
 * summary). Messages are constant strings; data goes in fields.
 */
export function createLogger(options: { level: LogLevel; destination: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'b2c-alerts', version },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    options.destination,
  );
}
