import type { Worker } from 'bullmq';
import type { Logger } from 'pino';
import { WorkerError } from '../errors/worker-error.js';
import type { WorkerQueues } from '../queues/queues.js';
import { runBoundedSteps, type BoundedStep } from './bounded-steps.js';

/** What closing the worker stops, in the order it stops them. */
export interface ShutdownDeps {
  http: { close(): Promise<void> };
  /** The web console, when this process serves one: its engines stop with it. */
  console: { close(): Promise<void> };
  rulesWatcher: { close(): void };
  /** Aborted to stop an active poll at its next request. */
  pollAbort: AbortController;
  /** Read when the step runs: the workers started so far. */
  workers: readonly Worker[];
  queues: WorkerQueues;
  /** A sender this app built (one given by the caller stays open). */
  ownedEmail?: { close(): void };
  connections: { close(): Promise<Error[]> };
  logger: Logger;
  /** SHUTDOWN_TIMEOUT: the whole sequence is bounded by it. */
  timeoutMs: number;
}

/** Time the workers leave for the queues and the connections after them. */
const afterWorkersMs = 1000;

/**
 * http → console → rules watcher → polls → workers, letting active jobs finish → queues → email → Redis. The job
 * schedulers stay, for the other replicas. Every step runs even when an earlier one failed or ran out
 * of time; then each failure is logged and WK_ERR_CLOSE names the steps that failed.
 */
export async function shutdownWorker(deps: ShutdownDeps): Promise<void> {
  const deadline = Date.now() + deps.timeoutMs;
  const { logger } = deps;
  logger.info({}, 'worker closing');
  const failures = await runBoundedSteps(shutdownSteps(deps), deadline);
  if (failures.length > 0) {
    for (const f of failures) logger.error({ err: f.error, step: f.step }, 'close step failed');
    throw new WorkerError(
      'WK_ERR_CLOSE',
      `Closing the worker failed in: ${failures.map((f) => f.step).join(', ')}; see the log for each error.`,
      {
        cause: new AggregateError(failures.map((f) => f.error)),
      },
    );
  }
  logger.info({}, 'worker closed');
}

function shutdownSteps(deps: ShutdownDeps): BoundedStep[] {
  return [
    { name: 'http', run: () => deps.http.close() },
    { name: 'console', run: () => deps.console.close() },
    { name: 'rules-watcher', run: () => deps.rulesWatcher.close() },
    // A poll stops at its next request; its window is read again by the next poll.
    { name: 'polls', run: () => deps.pollAbort.abort(new Error('worker closing')) },
    {
      name: 'workers',
      run: async () => {
        const outcome = await Promise.allSettled(deps.workers.map((w) => w.close()));
        const rejected = outcome.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (rejected.length > 0)
          throw new AggregateError(
            rejected.map((r) => r.reason as unknown),
            'worker close failed',
          );
      },
      reserveMs: afterWorkersMs,
      // Their jobs stay locked until the lock expires, then go back to the queue (stalled) for another worker.
      timeoutMessage: `workers did not finish their active jobs within ${deps.timeoutMs} ms; those jobs will be retried`,
    },
    { name: 'queues', run: () => Promise.all(Object.values(deps.queues).map((q) => q.close())) },
    { name: 'email', run: () => deps.ownedEmail?.close() },
    {
      name: 'redis',
      run: async () => {
        const errors = await deps.connections.close();
        if (errors.length > 0) throw new AggregateError(errors, 'redis close failed');
      },
    },
  ];
}
