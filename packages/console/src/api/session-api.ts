import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { ApiError } from '../errors/api-error.js';
import { isAuthenticated, sessionCookieName } from '../server/auth.js';
import { clientAddress } from '../server/client-address.js';
import { clientKey } from '../server/client-key.js';
import type { ConsoleRuntime } from '../server/console-runtime.js';

const loginSchema = z.object({ token: z.string().min(1).max(1024) });

/** POST /api/login, POST /api/logout, GET /api/session. */
export function registerSessionApi(app: Hono, runtime: ConsoleRuntime): void {
  app.get('/api/session', (c) =>
    c.json({
      required: runtime.tokens !== undefined,
      authenticated: isAuthenticated(runtime, getCookie(c, sessionCookieName), c.req.header('authorization')),
    }),
  );

  app.post('/api/login', async (c) => {
    const tokens = runtime.tokens;
    if (!tokens) return c.body(null, 204);
    const client = clientAddress(c);
    const key = clientKey(client);
    // Counted before the first await, so parallel guesses cannot all pass; a success gives it back.
    const wait = runtime.loginLimiter.begin(key);
    if (wait > 0) {
      runtime.logger.warn({ client, retryAfterSeconds: wait }, 'console login rate-limited');
      throw new ApiError(429, 'rate_limited', `Too many login attempts; try again in ${wait} s.`, {
        retryAfterSeconds: wait,
      });
    }
    const type = c.req.header('content-type') ?? '';
    let body: unknown;
    if (type.startsWith('application/json')) {
      body = await c.req.json().catch(() => undefined);
    } else if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
      body = Object.fromEntries(Object.entries(await c.req.parseBody()).filter(([, v]) => typeof v === 'string'));
    }
    const parsed = loginSchema.safeParse(body);
    if (!parsed.success) {
      throw new ApiError(
        400,
        'invalid_parameter',
        'token: send {"token": "<CONSOLE_TOKEN>"} as JSON or a form field.',
        {
          field: 'token',
        },
      );
    }
    if (!tokens.matches(parsed.data.token)) {
      runtime.logger.warn({ client }, 'console login refused');
      throw new ApiError(401, 'unauthorized', 'token: this is not the console token (CONSOLE_TOKEN).', {
        field: 'token',
      });
    }
    runtime.loginLimiter.succeeded(key);
    setCookie(c, sessionCookieName, tokens.openSession(), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: runtime.settings.secureCookie || new URL(c.req.url).protocol === 'https:',
      maxAge: 12 * 3600,
    });
    runtime.logger.info({ client }, 'console login');
    return c.body(null, 204);
  });

  app.post('/api/logout', (c) => {
    runtime.tokens?.closeSession(getCookie(c, sessionCookieName));
    deleteCookie(c, sessionCookieName, { path: '/', httpOnly: true, sameSite: 'Strict' });
    return c.body(null, 204);
  });
}
