import { resolve } from 'node:path';
import { InvestigateError } from '../errors/investigate-error.js';
import { compileWhere } from '../filters/compile-sql.js';
import type { ResolvedFilter } from '../filters/resolved-filter.js';
import type { EventRow } from '../rows/event-row.js';
import { planDays } from './day-plan.js';
import type { DuckDbEngine } from './duckdb-engine.js';
import { eventsRelationSql } from './index-relation.js';
import { forEachRawMatch } from './raw-scan.js';
import { dayOfUs, stops, type SearchSources } from './search-events.js';

/** The fields events can be counted by: the SQL over `events` and the same value from a row. */
const groupFields = {
  activity: { sql: 'activity', of: (r: EventRow) => r.activity },
  category: { sql: 'category', of: (r: EventRow) => r.category },
  result: { sql: 'result', of: (r: EventRow) => r.result },
  service: { sql: 'service', of: (r: EventRow) => r.service },
  actor: {
    sql: 'coalesce(actor_upn, actor_name, actor_spn, actor_app_id, actor_id)',
    of: (r: EventRow) => r.actorUpn ?? r.actorName ?? r.actorSpn ?? r.actorAppId ?? r.actorId,
  },
  ip: { sql: 'ip', of: (r: EventRow) => r.ip },
  policy: { sql: 'policy_id', of: (r: EventRow) => r.policyId },
  app: { sql: 'app_id', of: (r: EventRow) => r.appId },
  day: { sql: "strftime(time, '%Y-%m-%d')", of: (r: EventRow) => dayOfUs(r.timeUs) },
} as const;

export type GroupField = keyof typeof groupFields;
export const groupFieldNames = Object.keys(groupFields) as GroupField[];

export interface CountOptions {
  archiveDir: string;
  filter: ResolvedFilter;
  by: GroupField;
  engine: DuckDbEngine;
  now: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * The most distinct values held (default 100,000): past it the count stops adding new values and says
   * `truncated` (the groups held may then miss some and their order is not exact; `total` stays exact).
   */
  maxGroups?: number;
}

/** The default of CountOptions.maxGroups. */
export const defaultMaxCountGroups = 100_000;

export interface CountResult {
  /** Value (null: the field is absent) and count, most first, then by value. */
  groups: Array<{ value: string | null; count: number }>;
  /** Every matching event, also when truncated. */
  total: number;
  /** More distinct values than maxGroups: some were left out. */
  truncated: boolean;
  sources: SearchSources;
}

/** How many matching events there are per value of `by`: indexed days in one query, the rest from their parts. */
export async function countEvents(options: CountOptions): Promise<CountResult> {
  const field = groupFields[options.by];
  if (!field) {
    throw new InvestigateError('IV_ERR_FILTER_INVALID', `by: use one of ${groupFieldNames.join(', ')}.`, {
      field: 'by',
    });
  }
  const { filter, engine } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const checkpoint = () => {
    options.signal?.throwIfAborted();
    if (Date.now() > deadline) {
      throw new InvestigateError(
        'IV_ERR_QUERY_TIMEOUT',
        `The count ran past its time limit; narrow the time range or the filters.`,
      );
    }
  };
  const sources: SearchSources = { indexDays: [], rawDays: [], skipped: [] };
  const plan = await planDays(resolve(options.archiveDir), {
    today: new Date(options.now).toISOString().slice(0, 10),
    ...(filter.sinceUs === undefined ? {} : { fromDay: dayOfUs(filter.sinceUs) }),
    ...(filter.untilUs === undefined ? {} : { toDay: dayOfUs(filter.untilUs) }),
  });
  sources.skipped.push(...plan.skipped);
  const maxGroups = options.maxGroups ?? defaultMaxCountGroups;
  const counts = new Map<string | null, number>();
  let total = 0;
  let truncated = false;
  const add = (value: string | null, n: number) => {
    total += n;
    const had = counts.get(value);
    if (had === undefined && counts.size >= maxGroups) truncated = true;
    else counts.set(value, (had ?? 0) + n);
  };
  /** A query's rows: each group, and (past the LIMIT) the events of the groups it left out. */
  const addRows = (rows: Record<string, unknown>[]) => {
    let held = 0;
    for (const r of rows.slice(0, maxGroups)) {
      add(groupValue(r.value), Number(r.n));
      held += Number(r.n);
    }
    const all = rows.length === 0 ? 0 : Number(rows[0]!.total_n);
    if (rows.length > maxGroups) {
      truncated = true;
      total += all - held;
    }
  };
  const where = compileWhere(filter, 2);
  // The value comes back as JSON text: the driver drops a U+FEFF that starts a plain text value, and the
  // raw path keeps it.
  const sql = `WITH ${eventsRelationSql} SELECT to_json(${field.sql})::VARCHAR AS value, count(*) AS n, sum(count(*)) OVER () AS total_n FROM events WHERE ${where.sql} GROUP BY 1 ORDER BY n DESC, value LIMIT ${Math.floor(maxGroups) + 1}`;
  const countFiles = async (files: string[]) => {
    checkpoint();
    return engine.rows(
      sql,
      [{ type: 'VARCHAR[]', value: files }, ...where.params],
      Math.max(1, deadline - Date.now()),
      options.signal,
    );
  };

  const indexed = plan.days.filter((d) => d.source === 'index');
  const raw = plan.days.filter((d) => d.source === 'raw');
  const files = indexed.flatMap((d) => (d.file === null ? [] : [d.file]));
  let rows: Record<string, unknown>[] | undefined;
  if (files.length > 0) {
    try {
      rows = await countFiles(files);
    } catch (error) {
      if (stops(error, options.signal)) throw error;
    }
  }
  if (rows || files.length === 0) {
    addRows(rows ?? []);
    sources.indexDays.push(...indexed.map((d) => d.day));
  } else {
    for (const day of indexed) {
      try {
        const dayRows = day.file === null ? [] : await countFiles([day.file]);
        addRows(dayRows);
        sources.indexDays.push(day.day);
      } catch (error) {
        if (stops(error, options.signal)) throw error;
        raw.push({ day: day.day, source: 'raw', reason: 'corrupt', archiveDay: day.archiveDay });
      }
    }
  }
  for (const day of raw) {
    if (day.source !== 'raw') continue;
    sources.rawDays.push({ day: day.day, reason: day.reason });
    await forEachRawMatch(
      day.archiveDay,
      filter,
      sources.skipped,
      (rs) => rs.forEach((r) => add(field.of(r), 1)),
      checkpoint,
    );
  }
  const groups = [...counts].map(([value, count]) => ({ value, count }));
  const key = (v: string | null) => v ?? '';
  groups.sort((a, b) => b.count - a.count || (key(a.value) < key(b.value) ? -1 : key(a.value) > key(b.value) ? 1 : 0));
  return { groups, total, truncated, sources };
}

/** A group value the engine returned as JSON text (or null). */
function groupValue(json: unknown): string | null {
  return json === null ? null : (JSON.parse(String(json)) as string);
}
