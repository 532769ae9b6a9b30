import type { Job, Processor } from 'bullmq';
import { jobNames, type EvaluateJobData, type TickJobData } from '../queues/queues.js';

/** The evaluate queue carries batches (`evaluate`) and absence ticks (`tick`). */
export function evaluateQueueProcessor(
  evaluate: (job: Job<EvaluateJobData>) => Promise<unknown>,
  tick: (job: Job<TickJobData>) => Promise<unknown>,
): Processor {
  return (job: Job) =>
    job.name === jobNames.tick ? tick(job as Job<TickJobData>) : evaluate(job as Job<EvaluateJobData>);
}
