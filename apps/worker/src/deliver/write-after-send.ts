import { setTimeout as sleep } from 'node:timers/promises';

/** How long the record of a send is retried: a Redis restart, well inside a job's lock. */
export const writeAfterSendMs = 20_000;

/**
 * Runs the Redis write that records a send (the sent marker), retrying it through a Redis outage.
 * The producer connection fails fast, and the message is already out: a job that failed here would be
 * retried and send it again. Backs off from 50 ms, doubling to 1 s; after `withinMs` the error is
 * rethrown and that one delivery may repeat.
 */
export async function writeAfterSend(
  write: () => Promise<void>,
  o: { withinMs?: number; onRetry?: (error: unknown) => void } = {},
): Promise<void> {
  const deadline = Date.now() + (o.withinMs ?? writeAfterSendMs);
  for (let delayMs = 50; ; delayMs = Math.min(delayMs * 2, 1000)) {
    try {
      await write();
      return;
    } catch (error) {
      if (Date.now() + delayMs > deadline) throw error;
      o.onRetry?.(error);
      await sleep(delayMs);
    }
  }
}
