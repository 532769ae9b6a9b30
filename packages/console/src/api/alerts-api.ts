import type { Hono } from 'hono';
import { ApiError, invalidParameter } from '../errors/api-error.js';
import type { ConsoleRuntime } from '../server/console-runtime.js';
import { wholeNumberParam } from '../query/whole-number-param.js';
import { resolveFilter } from '@b2c-alerts/investigate';
import { toApiError } from '../server/error-response.js';

export const noAlertHistoryReason =
  'The console has no alert history: start it with REDIS_URL pointing at the worker’s Redis to see alerts.';

export const alertHistoryFailedReason =
  'The worker’s alert history could not be read (Redis unreachable, or a stale `before` cursor); the console log says why.';

const alertParams = ['since', 'until', 'rule', 'limit', 'before'];

/** GET /api/alerts and /api/alerts/:id, from the worker's alert history when the console has one. */
export function registerAlertsApi(app: Hono, runtime: ConsoleRuntime): void {
  app.get('/api/alerts', async (c) => {
    const query = new URL(c.req.url).searchParams;
    for (const name of query.keys()) {
      if (!alertParams.includes(name)) {
        throw new ApiError(
          400,
          'unknown_filter',
          `${name}: is not a parameter of /api/alerts; use ${alertParams.join(', ')}.`,
          {
            field: name,
          },
        );
      }
    }
    const history = runtime.alerts;
    if (!history) return c.json({ alerts: [], nextCursor: null, available: false, reason: noAlertHistoryReason });
    const one = (name: string) => {
      const values = query.getAll(name);
      if (values.length > 1) throw invalidParameter(name, 'give it once.');
      return values[0] === undefined || values[0].trim() === '' ? undefined : values[0];
    };
    const times = timesOf(one('since'), one('until'), runtime.now());
    const rule = one('rule');
    const before = one('before');
    if (rule !== undefined && rule.length > 256) throw invalidParameter('rule', 'is not a rule id.');
    if (before !== undefined && before.length > 1024) throw invalidParameter('before', 'is not a cursor.');
    const limit = wholeNumberParam(query, 'limit', { min: 1, max: 500, fallback: 50 });
    let page;
    try {
      page = await history.list({
        ...times,
        ...(rule === undefined ? {} : { rule }),
        ...(before === undefined ? {} : { before }),
        limit,
      });
    } catch (error) {
      // The provider's error may quote a Redis URL: it goes to the log, the answer says what to check.
      runtime.logger.warn({ err: error }, 'console alert history failed');
      return c.json({ alerts: [], nextCursor: null, available: false, reason: alertHistoryFailedReason });
    }
    return c.json({ alerts: page.alerts, nextCursor: page.nextCursor, available: true });
  });

  app.get('/api/alerts/:id', async (c) => {
    const history = runtime.alerts;
    if (!history) throw new ApiError(404, 'unavailable', noAlertHistoryReason);
    const id = c.req.param('id');
    if (id.length > 256) throw invalidParameter('id', 'is not an alert id.');
    const alert = await history.get(id);
    if (!alert)
      throw new ApiError(404, 'not_found', `id: no alert ${JSON.stringify(id)} in the history.`, { field: 'id' });
    return c.json(alert);
  });
}

/** since/until in the grammar of the event filters (epoch ms, ISO, `7d`), as epoch ms. */
function timesOf(
  since: string | undefined,
  until: string | undefined,
  now: number,
): { since?: number; until?: number } {
  const num = (v: string | undefined) => (v !== undefined && /^\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : v);
  try {
    const f = resolveFilter(
      { ...(since === undefined ? {} : { since: num(since) }), ...(until === undefined ? {} : { until: num(until) }) },
      { now },
    );
    return {
      ...(f.sinceUs === undefined ? {} : { since: Math.floor(f.sinceUs / 1000) }),
      ...(f.untilUs === undefined ? {} : { until: Math.floor(f.untilUs / 1000) }),
    };
  } catch (error) {
    throw toApiError(error);
  }
}
