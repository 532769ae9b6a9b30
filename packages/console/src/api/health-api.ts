import type { Hono } from 'hono';
import type { ConsoleRuntime } from '../server/console-runtime.js';

export const noHealthReason =
  'The console cannot see the worker: start it with REDIS_URL pointing at the worker’s Redis to see its health.';

/** GET /api/health: the worker's health when the console has a provider, else `available: false`. */
export function registerHealthApi(app: Hono, runtime: ConsoleRuntime): void {
  app.get('/api/health', async (c) => {
    if (!runtime.health) {
      return c.json({
        available: false,
        reason: noHealthReason,
        ruleSetVersion: null,
        tenants: [],
        queues: [],
        deadLetters: null,
      });
    }
    try {
      return c.json({ available: true, ...(await runtime.health()) });
    } catch (error) {
      runtime.logger.warn({ err: error }, 'console health provider failed');
      return c.json({
        available: false,
        reason: 'The worker’s health could not be read (Redis unreachable?); the console log says why.',
        ruleSetVersion: null,
        tenants: [],
        queues: [],
        deadLetters: null,
      });
    }
  });
}
