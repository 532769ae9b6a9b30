import { Worker, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import { watchFailedJobs, type FailedJobsWatchDeps } from '../dead-letters/failed-jobs-watch.js';
import { queueNames, type QueueKind } from './queues.js';

export interface StageWorkerDeps extends FailedJobsWatchDeps {
  /** Its own connection (RedisConnections.forWorker): a worker waits out a Redis restart. */
  connection: Redis;
  queuePrefix: string;
  /** JOB_LOCK_DURATION. */
  jobLockMs: number;
  /** A poll worker runs every tenant's poll at once. */
  tenantCount: number;
  /** With archive indexing the poll queue also carries a tenant's index pass, which must not hold up its poll. */
  archiveIndex?: boolean;
}

const concurrency: Record<QueueKind, number> = { poll: 2, evaluate: 4, alerts: 4, deliver: 4 };

/** Starts the BullMQ Worker of one stage, its failures logged, counted and raised (watchFailedJobs). */
export function startStageWorker(kind: QueueKind, processor: Processor, deps: StageWorkerDeps): Worker {
  const { logger } = deps;
  const worker = new Worker(queueNames[kind], processor, {
    connection: deps.connection,
    prefix: deps.queuePrefix,
    concurrency:
      kind === 'poll'
        ? Math.max(concurrency.poll, deps.tenantCount * (deps.archiveIndex === true ? 2 : 1))
        : concurrency[kind],
    // The jobs of a worker that died without closing (SIGKILL, OOM) are retried once their lock lapses;
    // stalled jobs are looked for as often as a lock lasts, so they wait one to two JOB_LOCK_DURATIONs.
    lockDuration: deps.jobLockMs,
    stalledInterval: deps.jobLockMs,
    autorun: false,
  });
  worker.on('error', (error: Error) => logger.error({ err: error, queue: queueNames[kind] }, 'worker error'));
  watchFailedJobs(worker, kind, deps);
  worker.run().catch((error: unknown) => logger.error({ err: error, queue: queueNames[kind] }, 'worker stopped'));
  return worker;
}
