import type { Job, Queue } from 'bullmq';
import { jobNames, queueNames, type AlertJobData, type EvaluateJobData, type TickJobData } from '../queues/queues.js';
import { listDeadLetters, type DeadLetterRow } from './list-dead-letters.js';
import type { DeadLetterQueues } from './open-dead-letter-queues.js';

/** A delivery that failed for good (see DeadLetterRow). */
export interface DeliverFailedJobRow extends DeadLetterRow {
  queue: typeof queueNames.deliver;
}

/** An evaluate or alerts job that failed for good: its events or alert reach no channel until re-driven. */
export interface StageFailedJobRow {
  queue: typeof queueNames.evaluate | typeof queueNames.alerts;
  jobId: string;
  /** BullMQ job name: `evaluate`, `tick`, `alert` or `flush`. */
  name: string;
  tenant?: string;
  /** What the job carried, e.g. `500 audit events of contoso` or `b2c.keys.policy-key-deleted: Policy key deleted`. */
  summary: string;
  failedReason: string;
  attempts: number;
  /** ISO time of the last failure. */
  finishedOn?: string;
}

export type FailedJobRow = DeliverFailedJobRow | StageFailedJobRow;

/** Jobs read per request: an evaluate job holds up to 500 raw events, so never all at once. */
const pageSize = 50;

/** The failed jobs of the deliver, evaluate and alerts queues, newest first, at most `limit` per queue (default 1000). */
export async function listFailedJobs(
  queues: DeadLetterQueues,
  options: { limit?: number } = {},
): Promise<FailedJobRow[]> {
  const limit = options.limit ?? 1000;
  const [deliver, evaluate, alerts] = await Promise.all([
    listDeadLetters(queues.deliver, { limit }),
    stageRows(queues.evaluate, queueNames.evaluate, limit),
    stageRows(queues.alerts, queueNames.alerts, limit),
  ]);
  const rows: FailedJobRow[] = [
    ...deliver.map((row): DeliverFailedJobRow => ({ queue: queueNames.deliver, ...row })),
    ...evaluate,
    ...alerts,
  ];
  return rows.sort((a, b) => (b.finishedOn ?? '').localeCompare(a.finishedOn ?? ''));
}

async function stageRows(queue: Queue, name: StageFailedJobRow['queue'], limit: number): Promise<StageFailedJobRow[]> {
  const rows: StageFailedJobRow[] = [];
  for (let start = 0; start < limit; start += pageSize) {
    const jobs = (await queue.getFailed(start, Math.min(start + pageSize, limit) - 1)) as Array<Job | undefined>;
    for (const job of jobs) if (job) rows.push(toRow(job, name));
    if (jobs.length < pageSize) break;
  }
  return rows;
}

function toRow(job: Job, queue: StageFailedJobRow['queue']): StageFailedJobRow {
  const data = (job.data ?? {}) as Partial<EvaluateJobData & TickJobData & AlertJobData> & { route?: unknown };
  const tenant = typeof data.tenant === 'string' ? data.tenant : undefined;
  const of = tenant === undefined ? '' : ` of ${tenant}`;
  let summary: string;
  if (job.name === jobNames.tick) summary = `absence check${of}`;
  else if (job.name === jobNames.evaluate)
    summary = `${Array.isArray(data.events) ? data.events.length : '?'} audit events${of}`;
  else if (data.candidate) summary = `${data.candidate.ruleId}: ${data.candidate.title}`;
  else if (typeof data.route === 'string') summary = `group flush of route ${data.route}`;
  else summary = job.name;
  return {
    queue,
    jobId: job.id ?? '',
    name: job.name,
    ...(tenant === undefined ? {} : { tenant }),
    summary,
    failedReason: job.failedReason ?? '',
    attempts: job.attemptsMade,
    ...(job.finishedOn ? { finishedOn: new Date(job.finishedOn).toISOString() } : {}),
  };
}
