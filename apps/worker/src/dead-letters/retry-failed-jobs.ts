import type { Job, Queue } from 'bullmq';

export interface RetryFailedJobsResult {
  /** Job ids moved back to their queue, with fresh attempts. */
  retried: string[];
  /** Requested ids that are in no queue's failed set (unknown, or not failed). */
  notFound: string[];
}

/**
 * Re-drives jobs that failed for good, in the given queues (deliver, evaluate, alerts): each goes back to
 * the wait list with its attempts reset, keeping its id and data. That is safe to repeat: a delivery's
 * sent marker stops a second send, evaluation is idempotent per (rule, event), and alert ids drop a
 * replayed candidate. `ids` are looked up in every queue; without them, every failed job (up to
 * 10 000 per queue).
 */
export async function retryFailedJobs(all: readonly Queue[], ids?: readonly string[]): Promise<RetryFailedJobsResult> {
  const result: RetryFailedJobsResult = { retried: [], notFound: [] };
  if (!ids) {
    for (const queue of all) {
      const jobs = (await queue.getFailed(0, 9999)) as Array<Job | undefined>;
      for (const job of jobs) if (job && (await redrive(job))) result.retried.push(job.id ?? '');
    }
    return result;
  }
  for (const id of ids) {
    let found = false;
    for (const queue of all) {
      const job = (await queue.getJob(id)) as Job | undefined;
      if (job && (await redrive(job))) found = true;
    }
    (found ? result.retried : result.notFound).push(id);
  }
  return result;
}

async function redrive(job: Job): Promise<boolean> {
  if (!(await job.isFailed())) return false;
  await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  return true;
}
