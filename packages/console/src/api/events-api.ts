import {
  checkArchiveTenant,
  countEvents,
  groupFieldNames,
  queryEvents,
  readRawRecords,
  type GroupField,
} from '@b2c-alerts/investigate';
import type { Hono } from 'hono';
import { ApiError, invalidParameter } from '../errors/api-error.js';
import { decodeCursor, encodeCursor, filterAfter } from '../query/event-cursor.js';
import { filterOfQuery } from '../query/filter-params.js';
import { rowJson } from '../query/row-json.js';
import { sourcesJson } from '../query/sources-json.js';
import { wholeNumberParam } from '../query/whole-number-param.js';
import type { ConsoleRuntime } from '../server/console-runtime.js';

/** The most rows one page holds. */
export const maxPageRows = 1000;
/** The most groups a count answers (the most frequent). */
export const maxCountGroups = 1000;

const queryOf = (url: string) => new URL(url).searchParams;

/** GET /api/events, /api/events/count, /api/events/:id. */
export function registerEventsApi(app: Hono, runtime: ConsoleRuntime): void {
  const base = async () => {
    // An archive swapped for another tenant's while the console runs is refused as at start.
    await checkArchiveTenant(runtime.archiveDir, runtime.settings.tenant);
    return { archiveDir: runtime.archiveDir, now: runtime.now(), timeoutMs: runtime.settings.queryTimeoutMs };
  };

  app.get('/api/events', async (c) => {
    const query = queryOf(c.req.url);
    const now = runtime.now();
    const { filter } = filterOfQuery(query, ['limit', 'before'], now);
    const limit = wholeNumberParam(query, 'limit', {
      min: 1,
      max: Math.min(maxPageRows, runtime.settings.rowCap),
      fallback: 50,
    });
    const before = query.getAll('before');
    if (before.length > 1) throw invalidParameter('before', 'give it once.');
    const cursor = before[0] === undefined || before[0] === '' ? undefined : decodeCursor(before[0]);
    const options = { ...(await base()), now };
    const page = await runtime.engines.use(
      (engine) =>
        queryEvents({ ...options, engine, limit, filter: filterAfter(filter, cursor), signal: c.req.raw.signal }),
      { signal: c.req.raw.signal },
    );
    const last = page.rows.at(-1);
    return c.json({
      rows: page.rows.map(rowJson),
      nextCursor: page.more && last ? encodeCursor(last) : null,
      sources: sourcesJson(page.sources),
    });
  });

  app.get('/api/events/count', async (c) => {
    const query = queryOf(c.req.url);
    const now = runtime.now();
    const { filter } = filterOfQuery(query, ['by'], now);
    const by = query.getAll('by');
    if (by.length !== 1 || !(groupFieldNames as string[]).includes(by[0]!)) {
      throw invalidParameter('by', `give one of ${groupFieldNames.join(', ')}.`);
    }
    const options = { ...(await base()), now };
    const result = await runtime.engines.use(
      (engine) => countEvents({ ...options, engine, filter, by: by[0] as GroupField, signal: c.req.raw.signal }),
      { signal: c.req.raw.signal },
    );
    return c.json({
      by: by[0],
      groups: result.groups.slice(0, maxCountGroups),
      truncated: result.truncated || result.groups.length > maxCountGroups,
      total: result.total,
      sources: sourcesJson(result.sources),
    });
  });

  app.get('/api/events/:id', async (c) => {
    const id = c.req.param('id');
    if (id.length === 0 || id.length > 512) throw invalidParameter('id', 'is not an event id.');
    const query = queryOf(c.req.url);
    if ([...query.keys()].length > 0) {
      const name = [...query.keys()][0]!;
      throw new ApiError(400, 'unknown_filter', `${name}: this route takes no parameters.`, { field: name });
    }
    const options = await base();
    const page = await runtime.engines.use(
      (engine) => queryEvents({ ...options, engine, limit: 1, filter: { ids: [id] }, signal: c.req.raw.signal }),
      { signal: c.req.raw.signal },
    );
    const row = page.rows[0];
    if (!row)
      throw new ApiError(404, 'not_found', `id: no event ${JSON.stringify(id)} in the archive.`, { field: 'id' });
    const records = await readRawRecords(runtime.archiveDir, [row]);
    return c.json({ row: rowJson(row), record: records.get(row.id) ?? null, sources: sourcesJson(page.sources) });
  });
}
