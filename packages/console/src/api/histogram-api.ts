import { checkArchiveTenant, histogramEvents } from '@b2c-alerts/investigate';
import type { Hono } from 'hono';
import { filterOfQuery } from '../query/filter-params.js';
import { sourcesJson } from '../query/sources-json.js';
import { wholeNumberParam } from '../query/whole-number-param.js';
import type { ConsoleRuntime } from '../server/console-runtime.js';

/** The range when the filter gives no since: the last 7 days. */
const defaultRangeMs = 7 * 86_400_000;

/** GET /api/events/histogram: matching events per bucket over the filter's range (default the last 7 days). */
export function registerHistogramApi(app: Hono, runtime: ConsoleRuntime): void {
  app.get('/api/events/histogram', async (c) => {
    const query = new URL(c.req.url).searchParams;
    const now = runtime.now();
    const { filter } = filterOfQuery(query, ['buckets'], now);
    const buckets = wholeNumberParam(query, 'buckets', { min: 10, max: 500, fallback: 60 });
    const untilUs = filter.untilUs ?? now * 1000;
    const sinceUs = filter.sinceUs ?? untilUs - defaultRangeMs * 1000;
    await checkArchiveTenant(runtime.archiveDir, runtime.settings.tenant);
    const result = await runtime.engines.use(
      (engine) =>
        histogramEvents({
          archiveDir: runtime.archiveDir,
          filter: { ...filter, sinceUs, untilUs },
          buckets,
          engine,
          now,
          timeoutMs: runtime.settings.queryTimeoutMs,
        }),
      { signal: c.req.raw.signal },
    );
    const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString();
    return c.json({
      since: iso(sinceUs),
      until: iso(untilUs),
      bucketMs: result.bucketUs / 1000,
      buckets: result.counts.map((count, i) => ({ start: iso(sinceUs + i * result.bucketUs), count })),
      sources: sourcesJson(result.sources),
    });
  });
}
