import type { Job, Queue } from 'bullmq';
import type { DeliverJobData } from '../queues/queues.js';

/** One dead letter: a delivery that failed for good and waits in the deliver queue's failed set. */
export interface DeadLetterRow {
  jobId: string;
  alertId: string;
  title: string;
  rule: string;
  route: string;
  /** `slack #channel` or `email a@example.com, b@example.com`. */
  channel: string;
  failedReason: string;
  attempts: number;
  /** ISO time of the last failure. */
  finishedOn?: string;
}

/** Newest first, at most `limit` (default 1000). */
export async function listDeadLetters(
  queue: Queue<DeliverJobData>,
  options: { limit?: number } = {},
): Promise<DeadLetterRow[]> {
  const limit = options.limit ?? 1000;
  const jobs = (await queue.getFailed(0, limit - 1)) as Array<Job<DeliverJobData> | undefined>;
  return jobs
    .filter((job): job is Job<DeliverJobData> => job !== undefined && job.data?.alert !== undefined)
    .map(toRow);
}

function toRow(job: Job<DeliverJobData>): DeadLetterRow {
  const { alert, channel, route } = job.data;
  return {
    jobId: job.id ?? '',
    alertId: alert.id,
    title: alert.title,
    rule: alert.ruleId,
    route,
    channel: channel.kind === 'slack' ? `slack ${channel.channel}` : `email ${channel.to.join(', ')}`,
    failedReason: job.failedReason ?? '',
    attempts: job.attemptsMade,
    ...(job.finishedOn ? { finishedOn: new Date(job.finishedOn).toISOString() } : {}),
  };
}
