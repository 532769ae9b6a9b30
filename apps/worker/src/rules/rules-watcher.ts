import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';

export interface RulesWatcherDeps {
  dir: string;
  /** Called once per burst of changes, `debounceMs` after the last one. */
  onChange: () => void;
  logger: Logger;
  /** @defaultValue 300 */
  debounceMs?: number;
}

/**
 * Watches the rules directory (recursively) and reports bursts of changes once: an editor's save or a
 * `git pull` touches many files, and the set must be read after the last one.
 */
export class RulesWatcher {
  readonly #o: RulesWatcherDeps;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: RulesWatcherDeps) {
    this.#o = deps;
  }

  start(): void {
    if (this.#watcher) return;
    try {
      this.#watcher = watch(this.#o.dir, { recursive: true, persistent: false }, () => this.#changed());
      this.#watcher.on('error', (error) =>
        this.#o.logger.warn({ err: error }, 'rules directory watch failed; reload with SIGHUP'),
      );
    } catch (error) {
      this.#o.logger.warn({ err: error }, 'rules directory cannot be watched; reload with SIGHUP');
    }
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  #changed(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#o.onChange();
    }, this.#o.debounceMs ?? 300);
    this.#timer.unref();
  }
}
