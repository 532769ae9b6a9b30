import { isIP } from 'node:net';

/**
 * True for hosts that never leave this machine: `localhost`, 127.0.0.0/8 and ::1. Only these may be
 * reached over plain http (emulators and local fakes); a token or secret sent anywhere else must use TLS.
 * Takes `URL#hostname`, so IPv6 arrives bracketed.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.split('.')[0] === '127';
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}
