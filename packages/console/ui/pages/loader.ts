import { isAbort } from '../api/api-client.js';

/**
 * One load at a time: starting a load aborts the previous one, so a slow answer never paints over the
 * view the user moved on to. Aborted loads end quietly.
 */
export class Loader {
  private controller: AbortController | null = null;

  run(task: (signal: AbortSignal) => Promise<void>, onError: (error: unknown) => void): void {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    task(controller.signal).catch((error: unknown) => {
      if (isAbort(error) || controller.signal.aborted) return;
      onError(error);
    });
  }

  abort(): void {
    this.controller?.abort();
    this.controller = null;
  }
}
