import type { ProgressStream } from '../progress.js';

interface Drainable {
  once(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
}

/**
 * Writes `text` and, when the stream says its buffer is full (write gave false), waits until it drains,
 * closes or errs, or `signal` aborts: a slow reader (`| less`, `| gzip` to a slow disk) then holds an
 * export back instead of the whole export piling up in memory.
 */
export async function writePaced(stream: ProgressStream, text: string, signal: AbortSignal): Promise<void> {
  if (stream.write(text) !== false) return;
  const emitter = stream as Partial<Drainable>;
  if (typeof emitter.once !== 'function' || typeof emitter.off !== 'function' || signal.aborted) return;
  const events = emitter as Drainable;
  await new Promise<void>((resolve) => {
    const done = () => {
      for (const name of ['drain', 'close', 'error']) events.off(name, done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    for (const name of ['drain', 'close', 'error']) events.once(name, done);
    signal.addEventListener('abort', done, { once: true });
  });
}
