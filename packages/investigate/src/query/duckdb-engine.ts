import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  BIGINT,
  DuckDBInstance,
  LIST,
  listValue,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { InvestigateError } from '../errors/investigate-error.js';
import type { SqlParam } from '../filters/compile-sql.js';
import { foldMacroSql } from '../filters/fold-case.js';
import { helperMacrosSql, rowMacrosSql } from '../rows/row-sql.js';

export interface EngineOptions {
  /** Worker threads of the engine. Default 2. */
  threads?: number;
  /** The engine's memory cap (it spills to `tempDir` past it), e.g. `256MB`. Default 256MB. */
  memoryLimit?: string;
  /**
   * Where to spill: the engine makes a private directory of its own inside it (mkdtemp, mode 0700; a
   * predictable name in a shared /tmp could be made by another user first) and removes it on close.
   * Default: none (a query that needs more memory than the limit fails instead).
   */
  tempDir?: string;
}

/**
 * One embedded DuckDB, in memory, with bounded threads and memory, no extension loading (nothing is
 * fetched at run time) and the UTC time zone. Every statement goes through `run`, which binds user
 * input as typed parameters and interrupts a statement past its time limit (IV_ERR_QUERY_TIMEOUT).
 */
export class DuckDbEngine {
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;
  readonly #tempDir: string | undefined;
  #closed = false;

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection, tempDir: string | undefined) {
    this.#instance = instance;
    this.#connection = connection;
    this.#tempDir = tempDir;
  }

  static async open(options: EngineOptions = {}): Promise<DuckDbEngine> {
    const config: Record<string, string> = {
      threads: String(options.threads ?? 2),
      memory_limit: options.memoryLimit ?? '256MB',
      preserve_insertion_order: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    const spill = options.tempDir === undefined ? undefined : privateDir(options.tempDir);
    if (spill !== undefined) config.temp_directory = spill;
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(':memory:', config);
    } catch (error) {
      if (spill !== undefined) rmSync(spill, { recursive: true, force: true });
      throw new InvestigateError('IV_ERR_ENGINE', `Could not start the query engine: ${messageOf(error)}.`, {
        cause: error,
      });
    }
    let connection: DuckDBConnection;
    try {
      connection = await instance.connect();
    } catch (error) {
      instance.closeSync();
      if (spill !== undefined) rmSync(spill, { recursive: true, force: true });
      throw error;
    }
    const engine = new DuckDbEngine(instance, connection, spill);
    try {
      await engine.run("SET TimeZone = 'UTC'");
      await engine.run(foldMacroSql);
      await engine.run(helperMacrosSql);
      await engine.run(rowMacrosSql);
    } catch (error) {
      engine.close();
      throw error;
    }
    return engine;
  }

  /**
   * Runs `sql` with `params` bound to $1…$n; rows as plain objects (JSON-safe: BIGINT as string). An
   * abort of `signal` interrupts the statement and rejects with the signal's reason.
   */
  async rows(
    sql: string,
    params: readonly SqlParam[] = [],
    timeoutMs?: number,
    signal?: AbortSignal,
  ): Promise<Record<string, unknown>[]> {
    return this.#guard(
      timeoutMs,
      async () => {
        const reader = await this.#connection.runAndReadAll(sql, ...bind(params));
        return reader.getRowObjectsJS() as Record<string, unknown>[];
      },
      signal,
    );
  }

  /**
   * Runs `sql` and yields its rows in batches as they come (bounded memory for exports). The time
   * limit covers the whole iteration, the consumer's time included.
   */
  async *stream(
    sql: string,
    params: readonly SqlParam[] = [],
    timeoutMs?: number,
    signal?: AbortSignal,
  ): AsyncGenerator<Record<string, unknown>[]> {
    const result = await this.#guard(timeoutMs, () => this.#connection.stream(sql, ...bind(params)), signal);
    const started = Date.now();
    const iterator = result.yieldRowObjectJs();
    for (;;) {
      const left = timeoutMs === undefined ? undefined : Math.max(1, timeoutMs - (Date.now() - started));
      const next = await this.#guard(left, () => iterator.next(), signal);
      if (next.done) return;
      yield next.value as Record<string, unknown>[];
    }
  }

  /** Runs a statement whose result is not read (COPY, CREATE); resolves with the rows it changed or wrote. */
  async run(sql: string, params: readonly SqlParam[] = [], timeoutMs?: number): Promise<number> {
    return this.#guard(timeoutMs, async () => (await this.#connection.run(sql, ...bind(params))).rowsChanged);
  }

  /** Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#connection.closeSync();
    this.#instance.closeSync();
    if (this.#tempDir !== undefined) rmSync(this.#tempDir, { recursive: true, force: true });
  }

  async #guard<T>(timeoutMs: number | undefined, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const onAbort = () => this.#connection.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            this.#connection.interrupt();
          }, timeoutMs);
    try {
      return await work();
    } catch (error) {
      signal?.throwIfAborted();
      if (timedOut) {
        throw new InvestigateError(
          'IV_ERR_QUERY_TIMEOUT',
          `The query ran past its time limit of ${timeoutMs} ms and was stopped; narrow the time range or the filters, or raise the limit.`,
          { cause: error },
        );
      }
      throw error;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

function bind(params: readonly SqlParam[]): [DuckDBValue[], DuckDBType[]] {
  const values: DuckDBValue[] = [];
  const types: DuckDBType[] = [];
  for (const p of params) {
    if (p.type === 'VARCHAR[]') {
      values.push(listValue(p.value));
      types.push(LIST(VARCHAR));
    } else {
      values.push(p.value);
      types.push(p.type === 'BIGINT' ? BIGINT : VARCHAR);
    }
  }
  return [values, types];
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]!.slice(0, 500) : String(error);
}

function privateDir(parent: string): string {
  try {
    return mkdtempSync(join(parent, 'b2c-alerts-duckdb-'));
  } catch (error) {
    throw new InvestigateError(
      'IV_ERR_IO',
      `Could not make a spill directory in ${parent} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}); check the path and its permissions.`,
      { cause: error },
    );
  }
}
