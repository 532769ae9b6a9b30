import { DuckDbEngine, type EngineOptions } from '@b2c-alerts/investigate';
import { ApiError } from '../errors/api-error.js';

const closing = () => new ApiError(503, 'unavailable', 'The console is shutting down; try again once it is back.');
const busy = (what: string) =>
  new ApiError(503, 'busy', `The console is busy with other ${what}; try again in a moment.`, {
    retryAfterSeconds: 5,
  });

/** What a request may pass: its abort signal (the client went away), and whether it is a CSV export. */
export interface AcquireOptions {
  signal?: AbortSignal;
  export?: boolean;
}

interface Waiter {
  wake: (engine: DuckDbEngine | undefined) => void;
}

/**
 * A few query engines shared by requests, opened when first needed. A DuckDB connection runs one
 * statement at a time and a time limit interrupts the whole connection, so each request borrows an
 * engine of its own; requests past `size` wait for one to come back, at most `maxWaiting` of them
 * (then 503 `busy`), and a waiting request whose client goes away leaves the queue. CSV exports (whose
 * engine is held while the client reads) may hold at most size − 1 engines (1 when size is 1), so a slow
 * download cannot hold every engine.
 */
export class EnginePool {
  readonly #options: EngineOptions;
  readonly #size: number;
  readonly #maxWaiting: number;
  readonly #maxExports: number;
  readonly #idle: DuckDbEngine[] = [];
  readonly #waiting: Waiter[] = [];
  #opened = 0;
  #exports = 0;
  #closed = false;

  constructor(options: EngineOptions, size: number, maxWaiting = 32) {
    this.#options = options;
    this.#size = size;
    this.#maxWaiting = maxWaiting;
    this.#maxExports = Math.max(1, size - 1);
  }

  /** Runs `work` with an engine borrowed for its duration. */
  async use<T>(work: (engine: DuckDbEngine) => Promise<T>, options: AcquireOptions = {}): Promise<T> {
    const { engine, release } = await this.borrow(options);
    try {
      return await work(engine);
    } finally {
      release();
    }
  }

  /** An engine until `release` (idempotent) is called: for answers that outlive the handler (streams). */
  async borrow(options: AcquireOptions = {}): Promise<{ engine: DuckDbEngine; release: () => void }> {
    if (options.export === true) {
      if (this.#exports >= this.#maxExports) throw busy('CSV exports');
      this.#exports += 1;
    }
    let engine: DuckDbEngine;
    try {
      engine = await this.#acquire(options.signal);
    } catch (error) {
      if (options.export === true) this.#exports -= 1;
      throw error;
    }
    let released = false;
    return {
      engine,
      release: () => {
        if (released) return;
        released = true;
        if (options.export === true) this.#exports -= 1;
        this.#release(engine);
      },
    };
  }

  /** Requests waiting for an engine (tests). */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Idempotent: closes the idle engines now and the borrowed ones when they come back. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const engine of this.#idle.splice(0)) engine.close();
    for (const waiter of this.#waiting.splice(0)) waiter.wake(undefined);
  }

  async #acquire(signal: AbortSignal | undefined): Promise<DuckDbEngine> {
    if (this.#closed) throw closing();
    signal?.throwIfAborted();
    const idle = this.#idle.pop();
    if (idle) return idle;
    if (this.#opened < this.#size) {
      this.#opened += 1;
      try {
        return await DuckDbEngine.open(this.#options);
      } catch (error) {
        this.#opened -= 1;
        throw error;
      }
    }
    if (this.#waiting.length >= this.#maxWaiting) throw busy('queries');
    const engine = await new Promise<DuckDbEngine | undefined>((resolve, reject) => {
      const waiter: Waiter = {
        wake: (given) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(given);
        },
      };
      const onAbort = () => {
        const at = this.#waiting.indexOf(waiter);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
    if (!engine) throw closing();
    return engine;
  }

  #release(engine: DuckDbEngine): void {
    if (this.#closed) {
      engine.close();
      return;
    }
    const next = this.#waiting.shift();
    if (next) next.wake(engine);
    else this.#idle.push(engine);
  }
}
