import { isLoopbackHost } from '@b2c-alerts/audit-client';

/**
 * Whether an smtp:// URL must upgrade with STARTTLS before it logs in: it carries credentials for a host
 * that is not loopback. Plain smtp:// upgrades only when the server offers STARTTLS, and otherwise sends
 * AUTH in clear text; smtps:// is TLS from the first byte, and loopback never leaves the machine.
 */
export function smtpRequiresTls(url: URL): boolean {
  if (url.protocol !== 'smtp:') return false;
  if (url.username === '' && url.password === '') return false;
  return !isLoopbackHost(url.hostname);
}
