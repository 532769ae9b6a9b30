import type { MiddlewareHandler } from 'hono';

/** The console loads only what it serves itself, is never framed, and leaks no referrer. */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Sets the security headers on every response: pages, scripts, API answers, errors and 404s. */
export function withSecurityHeaders(response: Response): Response {
  for (const [name, value] of Object.entries(securityHeaders)) response.headers.set(name, value);
  return response;
}

/** API answers (data, errors, sessions) are never stored by a browser or a proxy. */
export function withApiHeaders(path: string, response: Response): Response {
  if (path === '/api' || path.startsWith('/api/')) response.headers.set('Cache-Control', 'no-store');
  return response;
}

/** The middleware form, first in the chain; the server's fetch wrapper sets them again past any handler. */
export const securityHeadersMiddleware: MiddlewareHandler = async (c, next) => {
  await next();
  withSecurityHeaders(c.res);
};
