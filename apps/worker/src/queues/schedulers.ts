import { jobNames, type QueueKind, type WorkerQueues } from './queues.js';

/** Scheduler ids: one poll and one absence tick per tenant. */
export const pollSchedulerId = (tenant: string) => `poll:${tenant}`;
export const tickSchedulerId = (tenant: string) => `tick:${tenant}`;
export const indexSchedulerId = (tenant: string) => `index:${tenant}`;
const tickEveryMs = 60_000;
/** An index pass finds nothing to do in all but one pass a day; it costs a directory listing. */
const indexEveryMs = 15 * 60_000;

/**
 * Creates or updates the job schedulers of the stages this process runs: every replica upserts the
 * same ids, so there is one schedule per tenant however many run. Closing leaves them for the others.
 */
export async function upsertSchedulers(
  queues: WorkerQueues,
  o: { workers: readonly QueueKind[]; tenants: readonly string[]; pollIntervalMs: number; archiveIndex: boolean },
): Promise<void> {
  if (o.workers.includes('poll')) {
    for (const tenant of o.tenants) {
      await queues.poll.upsertJobScheduler(
        pollSchedulerId(tenant),
        { every: o.pollIntervalMs },
        { name: jobNames.poll, data: { tenant } },
      );
      // On the poll queue: the processes that write the archive are those that can read it.
      if (o.archiveIndex) {
        await queues.poll.upsertJobScheduler(
          indexSchedulerId(tenant),
          { every: indexEveryMs },
          { name: jobNames.index, data: { tenant } },
        );
      } else {
        await queues.poll.removeJobScheduler(indexSchedulerId(tenant));
      }
    }
  }
  if (o.workers.includes('evaluate')) {
    for (const tenant of o.tenants) {
      await queues.evaluate.upsertJobScheduler(
        tickSchedulerId(tenant),
        { every: tickEveryMs },
        { name: jobNames.tick, data: { tenant } },
      );
    }
  }
}
