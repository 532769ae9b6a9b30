import { rmSync } from 'node:fs';
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
import { helperMacrosSql, rowMacrosSql } from '../rows/row-sql.js';

export interface EngineOptions {
  /** Worker threads of the engine. Default 2. */
  threads?: number;
  /** The engine's memory cap (it spills to `tempDir` past it), e.g. `256MB`. Default 256MB. */
  memoryLimit?: string;
  /**
   * A directory of its own to spill to, removed on close. Default: none (a query that needs more
   * memory than the limit fails instead).
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
    if (options.tempDir !== undefined) config.temp_directory = options.tempDir;
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(':memory:', config);
    } catch (error) {
      throw new InvestigateError('IV_ERR_ENGINE', `Could not start the query engine: ${messageOf(error)}.`, {
        cause: error,
      });
    }
    const connection = await instance.connect();
    const engine = new DuckDbEngine(instance, connection, options.tempDir);
    await engine.run("SET TimeZone = 'UTC'");
    await engine.run(helperMacrosSql);
    await engine.run(rowMacrosSql);
    return engine;
  }

  /** Runs `sql` with `params` bound to $1…$n; rows as plain objects (JSON-safe: BIGINT as string). */
  async rows(sql: string, params: readonly SqlParam[] = [], timeoutMs?: number): Promise<Record<string, unknown>[]> {
    return this.#guard(timeoutMs, async () => {
      const reader = await this.#connection.runAndReadAll(sql, ...bind(params));
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    });
  }

  /**
   * Runs `sql` and yields its rows in batches as they come (bounded memory for exports). The time
   * limit covers the whole iteration, the consumer's time included.
   */
  async *stream(
    sql: string,
    params: readonly SqlParam[] = [],
    timeoutMs?: number,
  ): AsyncGenerator<Record<string, unknown>[]> {
    const result = await this.#guard(timeoutMs, () => this.#connection.stream(sql, ...bind(params)));
    const started = Date.now();
    const iterator = result.yieldRowObjectJs();
    for (;;) {
      const left = timeoutMs === undefined ? undefined : Math.max(1, timeoutMs - (Date.now() - started));
      const next = await this.#guard(left, () => iterator.next());
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

  async #guard<T>(timeoutMs: number | undefined, work: () => Promise<T>): Promise<T> {
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
