import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The peer's address, as the socket says (never X-Forwarded-For: a client could write any). Behind a
 * proxy every client shares the proxy's address, and the login limit is the proxy's.
 */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
