import type { Job, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerMetrics } from '../http/metrics.js';
import type { DeliverJobData } from '../queues/queues.js';

export interface DeadLetterWatchOptions {
  metrics: Pick<WorkerMetrics, 'deadLetters'>;
  logger: Logger;
  /** Called once per dead letter (e.g. to raise the self.dead-letters alert); its errors are logged. */
  onDeadLetter?: (job: Job<DeliverJobData>, error: Error) => void | Promise<void>;
}

/**
 * True when this failure was the job's last: an UnrecoverableError (permanent), or its last attempt.
 * The job then stays in the failed set (removeOnFail: false): a dead letter.
 */
export function isDeadLetter(job: Job, error: Error): boolean {
  return error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/** Counts and logs the deliver worker's dead letters (`b2c_alerts_dead_letters_total{channel}`). */
export function watchDeadLetters(worker: Worker<DeliverJobData>, options: DeadLetterWatchOptions): void {
  worker.on('failed', (job, error) => {
    if (!job || !isDeadLetter(job, error)) return;
    const channel = job.data.channel.kind;
    options.metrics.deadLetters.inc({ channel });
    options.logger.error({ queue: worker.name, jobId: job.id, channel, route: job.data.route, attempts: job.attemptsMade, reason: error.message }, 'delivery is a dead letter');
    if (options.onDeadLetter) {
      Promise.resolve()
        .then(() => options.onDeadLetter?.(job, error))
        .catch((hookError: unknown) => options.logger.warn({ err: hookError }, 'dead letter hook failed'));
    }
  });
}
