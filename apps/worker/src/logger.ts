import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config/config.js';
import { version } from './version.js';

/**
 * Paths pino censors wherever they appear (house rule 8): the worker config's secrets, credentials in
 * connection objects and HTTP headers, and the same leaf names one level under any binding.
 */
export const redactPaths = [
  'config.redis.url',
  'config.slack.token',
  'config.email.smtpUrl',
  'config.tenants[*].connection.clientSecret',
  'config.tenants[*].connection.certificate.privateKeyPem',
  'clientSecret',
  'privateKeyPem',
  'token',
  'smtpUrl',
  'authorization',
  'accessToken',
  'AZURE_CLIENT_SECRET',
  'SLACK_BOT_TOKEN',
  'SMTP_URL',
  'REDIS_URL',
  '*.clientSecret',
  '*.privateKeyPem',
  '*.token',
  '*.smtpUrl',
  '*.authorization',
  '*.Authorization',
  '*.accessToken',
  '*.access_token',
  '*.client_secret',
  '*.client_assertion',
  '*.headers.authorization',
  '*.certificate.privateKeyPem',
  '*.AZURE_CLIENT_SECRET',
  '*.SLACK_BOT_TOKEN',
  '*.SMTP_URL',
  '*.REDIS_URL',
];

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
