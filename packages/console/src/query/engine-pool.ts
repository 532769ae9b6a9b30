import { DuckDbEngine, type EngineOptions } from '@b2c-alerts/investigate';
import { ApiError } from '../errors/api-error.js';

const closing = () => new ApiError(503, 'unavailable', 'The console is shutting down; try again once it is back.');

/**
 * A few query engines shared by requests, opened when first needed. A DuckDB connection runs one
 * statement at a time and a time limit interrupts the whole connection, so each request borrows an
 * engine of its own; requests past `size` wait for one to come back.
 */
export class EnginePool {
  readonly #options: EngineOptions;
  readonly #size: number;
  readonly #idle: DuckDbEngine[] = [];
  readonly #waiting: Array<(engine: DuckDbEngine | undefined) => void> = [];
  #opened = 0;
  #closed = false;

  constructor(options: EngineOptions, size: number) {
    this.#options = options;
    this.#size = size;
  }

  /** Runs `work` with an engine borrowed for its duration. */
  async use<T>(work: (engine: DuckDbEngine) => Promise<T>): Promise<T> {
    const engine = await this.#acquire();
    try {
      return await work(engine);
    } finally {
      this.#release(engine);
    }
  }

  /** An engine until `release` (idempotent) is called: for answers that outlive the handler (streams). */
  async borrow(): Promise<{ engine: DuckDbEngine; release: () => void }> {
    const engine = await this.#acquire();
    let released = false;
    return {
      engine,
      release: () => {
        if (released) return;
        released = true;
        this.#release(engine);
      },
    };
  }

  /** Idempotent: closes the idle engines now and the borrowed ones when they come back. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const engine of this.#idle.splice(0)) engine.close();
    for (const wake of this.#waiting.splice(0)) wake(undefined);
  }

  async #acquire(): Promise<DuckDbEngine> {
    if (this.#closed) throw closing();
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
    const engine = await new Promise<DuckDbEngine | undefined>((resolve) => this.#waiting.push(resolve));
    if (!engine) throw closing();
    return engine;
  }

  #release(engine: DuckDbEngine): void {
    if (this.#closed) {
      engine.close();
      return;
    }
    const next = this.#waiting.shift();
    if (next) next(engine);
    else this.#idle.push(engine);
  }
}
