import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from '../errors/api-error.js';
import type { ConsoleRuntime } from './console-runtime.js';

export const sessionCookieName = 'b2c_console';

/** API paths answered without a session: logging in, and asking whether one is needed. */
const openPaths = new Set(['/api/login', '/api/logout', '/api/session']);

/** The Bearer token of a request, if it sent one. */
export function bearerOf(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S{1,1024})\s*$/i.exec(header);
  return match?.[1];
}

/** Whether the request carries a valid session cookie or the token as a Bearer. */
export function isAuthenticated(
  runtime: ConsoleRuntime,
  cookie: string | undefined,
  authorization: string | undefined,
): boolean {
  const tokens = runtime.tokens;
  if (!tokens) return true;
  if (tokens.validSession(cookie)) return true;
  const bearer = bearerOf(authorization);
  return bearer !== undefined && tokens.matches(bearer);
}

/**
 * With a token, every /api/* route but login, logout and session needs the session cookie or
 * `Authorization: Bearer <token>`; 401 otherwise. A request that changes something (POST) must come
 * from the console's own origin when the browser says where it came from (SameSite=Strict already
 * keeps the cookie off cross-site requests; this also covers Bearer-less same-site forms).
 */
export function authMiddleware(runtime: ConsoleRuntime): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (
      c.req.method !== 'GET' &&
      c.req.method !== 'HEAD' &&
      origin !== undefined &&
      !sameHost(origin, c.req.header('host') ?? new URL(c.req.url).host)
    ) {
      throw new ApiError(
        403,
        'forbidden',
        'origin: requests that change something must come from the console itself.',
        {
          field: 'origin',
        },
      );
    }
    if (openPaths.has(c.req.path)) return next();
    if (!isAuthenticated(runtime, getCookie(c, sessionCookieName), c.req.header('authorization'))) {
      throw new ApiError(
        401,
        'unauthorized',
        'Log in with the console token (POST /api/login), or send it as Authorization: Bearer <CONSOLE_TOKEN>.',
      );
    }
    return next();
  };
}

/**
 * Whether the browser's Origin names the host it sent the request to. Hosts, not origins: behind a proxy
 * that ends TLS the console sees http while the page was https.
 */
function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
