import type { Job, Queue } from 'bullmq';
import type { DeadLetterQueues } from './open-dead-letter-queues.js';
import type { RetryDeadLettersResult } from './retry-dead-letters.js';

/**
 * Re-drives jobs that failed for good, in the deliver, evaluate and alerts queues: each goes back to
 * the wait list with its attempts reset, keeping its id and data. That is safe to repeat: a delivery's
 * sent marker stops a second send, evaluation is idempotent per (rule, event), and alert ids drop a
 * replayed candidate. `ids` are looked up in every queue; without them, every failed job (up to
 * 10 000 per queue).
 */
export async function retryFailedJobs(queues: DeadLetterQueues, ids?: readonly string[]): Promise<RetryDeadLettersResult> {
  const result: RetryDeadLettersResult = { retried: [], notFound: [] };
  const all: Queue[] = [queues.deliver, queues.evaluate, queues.alerts];
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
