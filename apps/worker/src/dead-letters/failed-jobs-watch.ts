import type { Job, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import { isDeadLetter } from '../deliver/dead-letter-watch.js';

export interface FailedJobsWatchOptions {
  counter: Counter<'queue'>;
  logger: Logger;
  /** Called once per job that failed for good (e.g. to raise a self-alert); its errors are logged. */
  onFailed?: (job: Job, error: Error) => void | Promise<void>;
}

/**
 * Counts and logs the jobs of an evaluate or alerts worker that failed for good. The poll has moved the
 * watermark past their events already, so such a job is the only record of them: it stays in the
 * failed set (for a week) for `b2c-alerts deadletters` to list and `--retry` to re-drive.
 */
export function watchFailedJobs(worker: Worker, options: FailedJobsWatchOptions): void {
  worker.on('failed', (job: Job | undefined, error: Error) => {
    if (!job || !isDeadLetter(job, error)) return;
    options.counter.inc({ queue: worker.name });
    options.logger.error({ queue: worker.name, jobId: job.id, job: job.name, attempts: job.attemptsMade, reason: error.message }, 'job failed after its last attempt; kept for re-drive');
    if (options.onFailed) {
      Promise.resolve()
        .then(() => options.onFailed?.(job, error))
        .catch((hookError: unknown) => options.logger.warn({ err: hookError }, 'failed job hook failed'));
    }
  });
}
