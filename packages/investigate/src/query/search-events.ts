import { resolve } from 'node:path';
import { InvestigateError, isInvestigateError } from '../errors/investigate-error.js';
import { compileWhere } from '../filters/compile-sql.js';
import type { ResolvedFilter } from '../filters/resolved-filter.js';
import type { EventRow } from '../rows/event-row.js';
import { planDays, type DayPlan, type RawReason, type SkippedPartNotice } from './day-plan.js';
import type { DuckDbEngine } from './duckdb-engine.js';
import { rowProjection, type Projection, type Projected } from './projection.js';
import { scanRawDay } from './raw-scan.js';

/** The most rows one query returns. */
export const maxQueryRows = 1_000_000;

export interface SearchOptions {
  archiveDir: string;
  filter: ResolvedFilter;
  /** At most this many rows (1 to maxQueryRows). */
  limit: number;
  engine: DuckDbEngine;
  /** Epoch ms: its UTC day is the open day, answered from raw parts. */
  now: number;
  /** The whole search's time limit. Default 60 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Where an answer came from: what the user is told when it is not the index alone. */
export interface SearchSources {
  indexDays: string[];
  rawDays: Array<{ day: string; reason: RawReason }>;
  /** Parts left out because they cannot be read. */
  skipped: SkippedPartNotice[];
}

/** Below this many rows, consecutive indexed days are asked in one query (a top-N); above, day by day. */
const batchedLimit = 10_000;

export const dayOfUs = (us: number) => new Date(Math.floor(us / 1000)).toISOString().slice(0, 10);

/**
 * The rows that match, newest first, in batches: days newest first, each answered by its index file or,
 * when that is missing, stale or unreadable, by its raw parts (which `sources` then names). Days are
 * disjoint in time, so answers of consecutive days concatenate in order. An index file that fails while
 * read is answered from its parts from the last row already given on, so no row is given twice.
 */
export class EventSearch {
  readonly sources: SearchSources = { indexDays: [], rawDays: [], skipped: [] };
  readonly #o: SearchOptions;
  readonly #deadline: number;

  constructor(options: SearchOptions) {
    if (!(Number.isInteger(options.limit) && options.limit >= 1 && options.limit <= maxQueryRows)) {
      throw new InvestigateError('IV_ERR_FILTER_INVALID', `limit: must be a whole number from 1 to ${maxQueryRows}.`, {
        field: 'limit',
      });
    }
    this.#o = { ...options, archiveDir: resolve(options.archiveDir) };
    this.#deadline = Date.now() + (options.timeoutMs ?? 60_000);
  }

  /** The matching rows, newest first, in batches. */
  async *batches(): AsyncGenerator<EventRow[]> {
    for await (const batch of this.project(rowProjection)) yield batch;
  }

  /**
   * The matching events as `projection` renders them (rows, CSV records…), newest first, in batches:
   * indexed days are rendered by the engine, raw days by the projection's TypeScript twin.
   */
  async *project<T>(projection: Projection<T>): AsyncGenerator<T[]> {
    const { filter } = this.#o;
    const today = new Date(this.#o.now).toISOString().slice(0, 10);
    const plan = await planDays(this.#o.archiveDir, {
      today,
      ...(filter.sinceUs === undefined ? {} : { fromDay: dayOfUs(filter.sinceUs) }),
      ...(filter.untilUs === undefined ? {} : { toDay: dayOfUs(filter.untilUs) }),
    });
    this.sources.skipped.push(...plan.skipped);
    let remaining = this.#o.limit;
    for (const segment of segments(plan.days, this.#o.limit <= batchedLimit)) {
      if (remaining <= 0) return;
      if (segment[0]!.source === 'raw') {
        const day = segment[0]!;
        this.sources.rawDays.push({ day: day.day, reason: (day as { reason: RawReason }).reason });
        const rows = await scanRawDay(day.archiveDay, filter, remaining, this.sources.skipped, () =>
          this.#checkpoint(),
        );
        remaining -= rows.length;
        if (rows.length > 0) yield rows.map((row) => projection.ofRow(row));
        continue;
      }
      for await (const items of this.#indexSegment(projection, segment, remaining)) {
        remaining -= items.length;
        yield items;
      }
    }
  }

  /** Rows of consecutive indexed days, from one query; on failure, day by day, then from raw parts. */
  async *#indexSegment<T>(projection: Projection<T>, segment: DayPlan[], limit: number): AsyncGenerator<T[]> {
    let last: Projected<T> | undefined;
    let given = 0;
    let settled = false;
    try {
      for await (const rows of this.#query(projection, segment, this.#o.filter, limit)) {
        last = rows.at(-1) ?? last;
        given += rows.length;
        yield rows.map((r) => r.item);
      }
      settled = true;
      for (const d of segment) this.sources.indexDays.push(d.day);
      return;
    } catch (error) {
      settled = true;
      if (stops(error, this.#o.signal)) throw error;
    } finally {
      // The consumer stopped after a batch (it had what it needed): the days down to the last row given were asked.
      if (!settled) {
        for (const d of segment)
          if (last === undefined || d.day >= dayOfUs(last.timeUs)) this.sources.indexDays.push(d.day);
      }
    }
    // Resume after the last row given, one day at a time; a day whose file fails is read from its parts.
    const after: ResolvedFilter = last
      ? { ...this.#o.filter, before: { timeUs: last.timeUs, id: last.id } }
      : this.#o.filter;
    let remaining = limit - given;
    for (const day of segment) {
      if (remaining <= 0) return;
      if (last && day.day > dayOfUs(last.timeUs)) {
        this.sources.indexDays.push(day.day); // given whole before the failure
        continue;
      }
      try {
        const items: T[] = [];
        for await (const batch of this.#query(projection, [day], after, remaining))
          items.push(...batch.map((r) => r.item));
        this.sources.indexDays.push(day.day);
        remaining -= items.length;
        if (items.length > 0) yield items;
      } catch (error) {
        if (stops(error, this.#o.signal)) throw error;
        this.sources.rawDays.push({ day: day.day, reason: 'corrupt' });
        const rows = await scanRawDay(day.archiveDay, after, remaining, this.sources.skipped, () => this.#checkpoint());
        remaining -= rows.length;
        if (rows.length > 0) yield rows.map((row) => projection.ofRow(row));
      }
    }
  }

  async *#query<T>(
    projection: Projection<T>,
    days: DayPlan[],
    filter: ResolvedFilter,
    limit: number,
  ): AsyncGenerator<Projected<T>[]> {
    const files = days.flatMap((d) => (d.source === 'index' && d.file !== null ? [d.file] : []));
    if (files.length === 0) return;
    const where = compileWhere(filter, 2);
    const limitParam = `$${where.params.length + 2}`;
    const sql = projection.sql(where.sql, limitParam);
    const params = [
      { type: 'VARCHAR[]' as const, value: files },
      ...where.params,
      { type: 'BIGINT' as const, value: BigInt(limit) },
    ];
    this.#checkpoint();
    for await (const batch of this.#o.engine.stream(sql, params, this.#left(), this.#o.signal)) {
      yield batch.map(projection.ofSql);
      this.#checkpoint();
    }
  }

  #left(): number {
    const left = this.#deadline - Date.now();
    if (left <= 0) this.#checkpoint();
    return left;
  }

  /** Throws when the search is past its time limit or aborted: for work done on its rows (reading records). */
  checkpoint(): void {
    this.#checkpoint();
  }

  #checkpoint(): void {
    this.#o.signal?.throwIfAborted();
    if (Date.now() > this.#deadline) {
      throw new InvestigateError(
        'IV_ERR_QUERY_TIMEOUT',
        `The query ran past its time limit of ${this.#o.timeoutMs ?? 60_000} ms and was stopped; narrow the time range or the filters, or raise the limit.`,
      );
    }
  }
}

/** Whether a failed index query ends the search (time limit, abort) rather than falling back to the parts. */
export function stops(error: unknown, signal: AbortSignal | undefined): boolean {
  return (isInvestigateError(error) && error.code === 'IV_ERR_QUERY_TIMEOUT') || signal?.aborted === true;
}

/**
 * The days in the order they are asked, newest first: each raw day alone; consecutive indexed days in
 * segments of 1, 2, 4, 8… days when `batch` (a first page is usually found in the newest day or two,
 * and a rare match costs a handful of queries), else one day each (exports: one day's rows sorted at a time).
 */
function segments(days: DayPlan[], batch: boolean): DayPlan[][] {
  const out: DayPlan[][] = [];
  let size = 1;
  for (const day of days) {
    const previous = out.at(-1);
    if (batch && day.source === 'index' && previous?.[0]?.source === 'index' && previous.length < size) {
      previous.push(day);
      continue;
    }
    if (batch && day.source === 'index' && previous?.[0]?.source === 'index') size *= 2;
    else size = 1;
    out.push([day]);
  }
  return out;
}
