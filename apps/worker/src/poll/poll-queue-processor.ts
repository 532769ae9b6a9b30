import type { Job, Processor } from 'bullmq';
import { jobNames, type IndexJobData, type PollJobData } from '../queues/queues.js';

/**
 * The poll queue carries polls (`poll`) and archive index passes (`index`). An index job that reaches a
 * process with indexing off (a replica configured differently, a scheduler left from before) does nothing.
 */
export function pollQueueProcessor(
  poll: (job: Job<PollJobData>) => Promise<unknown>,
  index: ((job: Job<IndexJobData>) => Promise<unknown>) | undefined,
): Processor {
  return (job: Job) => {
    if (job.name !== jobNames.index) return poll(job as Job<PollJobData>);
    return index ? index(job as Job<IndexJobData>) : Promise.resolve({ tenant: job.data.tenant, skipped: 'off' });
  };
}
