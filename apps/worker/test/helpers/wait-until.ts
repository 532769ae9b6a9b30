import type { EventEmitter } from 'node:events';

/**
 * Resolves once `check` holds, re-checking it whenever one of `events` fires on an emitter (and once
 * at the start). Event-driven, no polling sleeps; `timeoutMs` only bounds a test that would hang.
 */
export async function waitUntil<T>(
  check: () => Promise<T | undefined | false>,
  sources: Array<{ emitter: EventEmitter; events: string[] }>,
  timeoutMs = 30_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let running = false;
    let again = false;
    const listeners: Array<() => void> = [];
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      listeners.forEach((off) => off());
      fn();
    };
    const run = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const value = await check();
          if (value !== undefined && value !== false) return finish(() => resolve(value));
        } while (again && !done);
      } catch (error) {
        finish(() => reject(error as Error));
      } finally {
        running = false;
      }
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`waitUntil: condition not met within ${timeoutMs} ms`))),
      timeoutMs,
    );
    for (const { emitter, events } of sources) {
      for (const event of events) {
        const listener = () => void run();
        emitter.on(event, listener);
        listeners.push(() => emitter.off(event, listener));
      }
    }
    void run();
  });
}
