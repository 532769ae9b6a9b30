import type { Hono } from 'hono';
import type { ConsoleRuntime } from '../server/console-runtime.js';

/** GET /api/rules, GET /api/rules/:id, POST /api/rules/:id/backtest. */
export function registerRulesApi(app: Hono, runtime: ConsoleRuntime): void {
  app.get('/api/rules', (c) =>
    runtime.rules
      ? c.json({ version: null, rules: [], available: true })
      : c.json({
          version: null,
          rules: [],
          available: false,
          reason: 'The console was started without rules (--rules DIR).',
        }),
  );
}
