import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { registerAlertsApi } from '../api/alerts-api.js';
import { registerEventsApi } from '../api/events-api.js';
import { registerEventsCsvApi } from '../api/events-csv-api.js';
import { registerHealthApi } from '../api/health-api.js';
import { registerHistogramApi } from '../api/histogram-api.js';
import { registerRulesApi } from '../api/rules-api.js';
import { registerSessionApi } from '../api/session-api.js';
import { ApiError } from '../errors/api-error.js';
import { authMiddleware } from './auth.js';
import type { ConsoleRuntime } from './console-runtime.js';
import { errorResponse } from './error-response.js';
import { hostCheckMiddleware } from './host-check.js';
import { securityHeadersMiddleware } from './security-headers.js';
import { registerStaticFiles } from './static-files.js';

/** The console's routes: security headers and the Host check on everything, the session check on /api/*, then the routes. */
export function createApp(runtime: ConsoleRuntime): Hono {
  const app = new Hono();
  app.use('*', securityHeadersMiddleware);
  app.use('*', hostCheckMiddleware(runtime.hostCheck));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: 64 * 1024,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', 'The request body is too large (64 KB at most).');
      },
    }),
  );
  app.use('/api/*', authMiddleware(runtime));
  registerSessionApi(app, runtime);
  registerEventsCsvApi(app, runtime);
  registerHistogramApi(app, runtime);
  registerEventsApi(app, runtime);
  registerAlertsApi(app, runtime);
  registerRulesApi(app, runtime);
  registerHealthApi(app, runtime);
  registerStaticFiles(app, runtime);
  app.notFound((c) =>
    errorResponse(
      c,
      new ApiError(404, 'not_found', `${c.req.method} ${c.req.path}: no such page or API route.`),
      runtime,
    ),
  );
  app.onError((error, c) => errorResponse(c, error, runtime));
  return app;
}
