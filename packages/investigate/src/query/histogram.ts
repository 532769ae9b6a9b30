import { resolve } from 'node:path';
import { InvestigateError, isInvestigateError } from '../errors/investigate-error.js';
import { compileWhere } from '../filters/compile-sql.js';
import type { ResolvedFilter } from '../filters/resolved-filter.js';
import { planDays } from './day-plan.js';
import type { DuckDbEngine } from './duckdb-engine.js';
import { eventsRelationSql } from './index-relation.js';
import { forEachRawMatch } from './raw-scan.js';
import { dayOfUs, type SearchSources } from './search-events.js';

export interface HistogramOptions {
  archiveDir: string;
  /** The filter; its sinceUs and untilUs are the histogram's range (both ends included). */
  filter: ResolvedFilter & { sinceUs: number; untilUs: number };
  /** How many buckets (1 to 10,000); each is a whole number of milliseconds wide, the last may end past untilUs. */
  buckets: number;
  engine: DuckDbEngine;
  now: number;
  timeoutMs?: number;
}

export interface HistogramResult {
  /** Bucket i covers [sinceUs + i·bucketUs, sinceUs + (i+1)·bucketUs). */
  bucketUs: number;
  counts: number[];
  sources: SearchSources;
}

/**
 * How many matching events fall in each of `buckets` equal spans of the filter's range: indexed days in
 * one GROUP BY over the index, the rest (open, missing, stale or unreadable days) from their parts
 * through the predicate, so both answer alike (test/query/histogram-parity.test.ts).
 */
export async function histogramEvents(options: HistogramOptions): Promise<HistogramResult> {
  const { filter, engine } = options;
  if (!(Number.isInteger(options.buckets) && options.buckets >= 1 && options.buckets <= 10_000)) {
    throw new InvestigateError('IV_ERR_FILTER_INVALID', 'buckets: must be a whole number from 1 to 10000.', {
      field: 'buckets',
    });
  }
  const spanUs = filter.untilUs - filter.sinceUs + 1;
  const bucketUs = Math.max(1, Math.ceil(spanUs / options.buckets / 1000)) * 1000;
  const counts = new Array<number>(options.buckets).fill(0);
  const add = (index: number, n: number) => {
    if (index >= 0 && index < counts.length) counts[index] = counts[index]! + n;
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const checkpoint = () => {
    if (Date.now() > deadline) {
      throw new InvestigateError(
        'IV_ERR_QUERY_TIMEOUT',
        'The histogram ran past its time limit; narrow the time range or the filters.',
      );
    }
  };
  const sources: SearchSources = { indexDays: [], rawDays: [], skipped: [] };
  const plan = await planDays(resolve(options.archiveDir), {
    today: new Date(options.now).toISOString().slice(0, 10),
    fromDay: dayOfUs(filter.sinceUs),
    toDay: dayOfUs(filter.untilUs),
  });
  sources.skipped.push(...plan.skipped);
  const where = compileWhere(filter, 4);
  const sql =
    `WITH ${eventsRelationSql} SELECT (epoch_us(time) - $2) // $3 AS b, count(*) AS n ` +
    `FROM events WHERE ${where.sql} GROUP BY 1`;
  const countFiles = async (files: string[]) =>
    engine.rows(
      sql,
      [
        { type: 'VARCHAR[]', value: files },
        { type: 'BIGINT', value: BigInt(filter.sinceUs) },
        { type: 'BIGINT', value: BigInt(bucketUs) },
        ...where.params,
      ],
      Math.max(1, deadline - Date.now()),
    );
  const addRows = (rows: Record<string, unknown>[]) => rows.forEach((r) => add(Number(r.b), Number(r.n)));

  const indexed = plan.days.filter((d) => d.source === 'index');
  const raw = plan.days.filter((d) => d.source === 'raw');
  const files = indexed.flatMap((d) => (d.file === null ? [] : [d.file]));
  let rows: Record<string, unknown>[] | undefined;
  if (files.length > 0) {
    try {
      rows = await countFiles(files);
    } catch (error) {
      if (isInvestigateError(error) && error.code === 'IV_ERR_QUERY_TIMEOUT') throw error;
    }
  }
  if (rows || files.length === 0) {
    addRows(rows ?? []);
    sources.indexDays.push(...indexed.map((d) => d.day));
  } else {
    // One file failed the whole query: day by day, and the failing days from their parts.
    for (const day of indexed) {
      try {
        if (day.file !== null) addRows(await countFiles([day.file]));
        sources.indexDays.push(day.day);
      } catch (error) {
        if (isInvestigateError(error) && error.code === 'IV_ERR_QUERY_TIMEOUT') throw error;
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
      (rs) => rs.forEach((r) => add(Math.floor((r.timeUs - filter.sinceUs) / bucketUs), 1)),
      checkpoint,
    );
  }
  return { bucketUs, counts, sources };
}
