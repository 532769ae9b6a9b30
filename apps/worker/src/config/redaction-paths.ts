import { secretVariables } from './secret-variables.js';

/**
 * Paths pino censors wherever they appear: the worker config's secrets, credentials in connection
 * objects and HTTP headers, the secret variables, and the same leaf names one level under any binding.
 * The CLI's logger (which logs `b2c-alerts run` and the demo's worker) adds its own to these.
 */
export const redactPaths = [
  'config.redis.url',
  'config.slack.token',
  'config.email.smtpUrl',
  'config.console.token',
  'config.tenants[*].connection.clientSecret',
  'config.tenants[*].connection.certificate.privateKeyPem',
  'clientSecret',
  'privateKeyPem',
  'token',
  'smtpUrl',
  'authorization',
  'accessToken',
  ...secretVariables,
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
  ...secretVariables.map((variable) => `*.${variable}`),
];
