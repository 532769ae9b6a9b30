import type { Job, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerMetrics } from '../http/metrics.js';
import { queueNames, type DeliverJobData, type QueueKind } from '../queues/queues.js';
import type { SelfAlertInput, SelfAlerts } from '../self-alerts/self-alerts.js';
import { deadLetterAlert, failedJobAlert } from '../self-alerts/self-alert-wording.js';

export interface FailedJobsWatchDeps {
  metrics: Pick<WorkerMetrics, 'deadLetters' | 'failedJobs'>;
  logger: Logger;
  /** Raises `self.dead-letters` for each job that failed for good; without it they are only counted and logged. */
  selfAlerts?: Pick<SelfAlerts, 'raise'>;
}

/**
 * True when this failure was the job's last: an UnrecoverableError (permanent), or its last attempt.
 * The job then stays in the failed set (failedJobRetention: 14 days, 10,000 per queue): a dead letter.
 */
export function isDeadLetter(job: Job, error: Error): boolean {
  return error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/**
 * Logs every failure of a stage's jobs and handles the last one. A delivery that failed for good is a
 * dead letter (`b2c_alerts_dead_letters_total{channel}`). An evaluate or alerts job that did is the only
 * record of its events or alert, since the poll has moved the watermark past them
 * (`b2c_alerts_failed_jobs_total{queue}`). Both stay in the failed set (failedJobRetention: 14 days,
 * 10,000 per queue) for `b2c-alerts deadletters` to list and `--retry` to re-drive, and raise
 * `self.dead-letters`. A poll's last failure is only logged: the next scheduled poll reads its window again.
 */
export function watchFailedJobs(worker: Worker, kind: QueueKind, deps: FailedJobsWatchDeps): void {
  const { logger } = deps;
  worker.on('failed', (job: Job | undefined, error: Error) => {
    const fields = { queue: queueNames[kind], jobId: job?.id, attemptsMade: job?.attemptsMade, error: error.message };
    if (job?.finishedOn === undefined) logger.warn(fields, 'job failed; will retry');
    else if (kind === 'poll') logger.error(fields, 'job failed after its last attempt');
    if (!job || kind === 'poll' || !isDeadLetter(job, error)) return;

    if (kind === 'deliver') {
      const delivery = job as Job<DeliverJobData>;
      const channel = delivery.data.channel.kind;
      deps.metrics.deadLetters.inc({ channel });
      logger.error(
        {
          queue: worker.name,
          jobId: job.id,
          channel,
          route: delivery.data.route,
          attempts: job.attemptsMade,
          reason: error.message,
        },
        'delivery is a dead letter',
      );
      raiseLater(deps, () => deadLetterAlert(delivery, error), {
        raise: 'self-alert for a dead letter could not be raised',
        alert: 'dead letter hook failed',
      });
      return;
    }
    deps.metrics.failedJobs.inc({ queue: worker.name });
    logger.error(
      { queue: worker.name, jobId: job.id, job: job.name, attempts: job.attemptsMade, reason: error.message },
      'job failed after its last attempt; kept for re-drive',
    );
    raiseLater(deps, () => failedJobAlert(kind, job, error), {
      raise: 'self-alert for a failed job could not be raised',
      alert: 'failed job hook failed',
    });
  });
}

/**
 * Raises the self-alert after the 'failed' listeners have run. A Redis error while raising is logged as
 * an error; a job whose data cannot be described (malformed) only as a warning.
 */
function raiseLater(
  deps: FailedJobsWatchDeps,
  alert: () => SelfAlertInput,
  messages: { raise: string; alert: string },
): void {
  const selfAlerts = deps.selfAlerts;
  if (!selfAlerts) return;
  Promise.resolve()
    .then(() => {
      const input = alert();
      return selfAlerts
        .raise(input)
        .catch((raiseError: unknown) => deps.logger.error({ err: raiseError }, messages.raise));
    })
    .catch((alertError: unknown) => deps.logger.warn({ err: alertError }, messages.alert));
}
