import { checkArchiveTenant, csvHeader, csvProjection, csvRecord, EventSearch } from '@b2c-alerts/investigate';
import type { Hono } from 'hono';
import { filterOfQuery } from '../query/filter-params.js';
import { wholeNumberParam } from '../query/whole-number-param.js';
import type { ConsoleRuntime } from '../server/console-runtime.js';

/** A UTC stamp for file names: 20261205T031900Z. */
const fileStamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/**
 * GET /api/events.csv: the matching events as `b2c-alerts events --format csv` writes them (a byte-order
 * mark, the portal's header, CRLF records), streamed: the next batch is read only when the client has
 * taken the previous one, and a client that goes away stops the search. At most the row cap (or `limit`).
 * Problems found before the first record are JSON errors; later ones cut the download short.
 */
export function registerEventsCsvApi(app: Hono, runtime: ConsoleRuntime): void {
  app.get('/api/events.csv', async (c) => {
    const query = new URL(c.req.url).searchParams;
    const now = runtime.now();
    const { filter } = filterOfQuery(query, ['limit'], now);
    const limit = wholeNumberParam(query, 'limit', {
      min: 1,
      max: runtime.settings.rowCap,
      fallback: runtime.settings.rowCap,
    });
    await checkArchiveTenant(runtime.archiveDir, runtime.settings.tenant);
    const { engine, release } = await runtime.engines.borrow({ export: true, signal: c.req.raw.signal });
    const search = new EventSearch({
      archiveDir: runtime.archiveDir,
      filter,
      limit,
      engine,
      now,
      timeoutMs: runtime.settings.exportTimeoutMs,
      signal: c.req.raw.signal,
    });
    const batches = search.project(csvProjection);
    const encoder = new TextEncoder();
    let first: IteratorResult<string[]>;
    try {
      first = await batches.next();
    } catch (error) {
      release();
      throw error;
    }
    let pending: string | undefined = `\uFEFF${csvRecord(csvHeader)}${first.done ? '' : first.value.join('')}`;
    let done = first.done === true;
    const finish = () => {
      done = true;
      release();
    };
    if (done) release();
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            if (pending !== undefined) {
              controller.enqueue(encoder.encode(pending));
              pending = undefined;
              if (done) controller.close();
              return;
            }
            const next = await batches.next();
            if (next.done) {
              finish();
              controller.close();
              return;
            }
            controller.enqueue(encoder.encode(next.value.join('')));
          } catch (error) {
            finish();
            runtime.logger.warn({ err: error }, 'console csv export stopped');
            controller.error(error);
          }
        },
        async cancel() {
          try {
            await batches.return(undefined);
          } finally {
            finish();
          }
        },
      },
      { highWaterMark: 0 },
    );
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-events-${fileStamp(now)}.csv"`,
      'Cache-Control': 'no-store',
    });
  });
}
