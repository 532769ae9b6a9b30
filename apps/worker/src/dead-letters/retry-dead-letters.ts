import type { Job, Queue } from 'bullmq';
import type { DeliverJobData } from '../queues.js';

export interface RetryDeadLettersResult {
  /** Job ids moved back to the queue, with fresh attempts. */
  retried: string[];
  /** Requested ids that are not dead letters (unknown, or not in the failed set). */
  notFound: string[];
}

/**
 * Re-drives dead letters: each job goes back to the wait list with its attempts reset, keeping its id
 * and data, so the sent marker still stops a channel that got it from getting it twice. Without `ids`,
 * every dead letter (up to 10 000).
 */
export async function retryDeadLetters(queue: Queue<DeliverJobData>, ids?: readonly string[]): Promise<RetryDeadLettersResult> {
  const result: RetryDeadLettersResult = { retried: [], notFound: [] };
  const jobs: Array<{ id: string; job: Job<DeliverJobData> | undefined }> = ids
    ? await Promise.all(ids.map(async (id) => ({ id, job: await queue.getJob(id) })))
    : (await queue.getFailed(0, 9999)).filter((job): job is Job<DeliverJobData> => job !== undefined).map((job) => ({ id: job.id ?? '', job }));
  for (const { id, job } of jobs) {
    if (!job || !(await job.isFailed())) {
      result.notFound.push(id);
      continue;
    }
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    result.retried.push(id);
  }
  return result;
}
