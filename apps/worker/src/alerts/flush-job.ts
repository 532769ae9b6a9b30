import type { JobsOptions } from 'bullmq';
import { failedJobRetention } from '../queues/failed-job-retention.js';
import type { AlertJobData } from '../queues/queues.js';

/** Job name of a group's flush on the alerts queue (alert jobs use jobNames.alert). */
export const flushJobName = 'flush';

/** One notification of one group: the alerts collected in `window` go out together. */
export interface FlushJobData {
  route: string;
  /** groupHash(tenant, groupKey): names the group's keys; the group key itself holds event values. */
  group: string;
  /** The group's notification counter at scheduling time; a flush of another window does nothing. */
  window: number;
}

/** Retries of a flush; the group state makes a flush that runs twice enqueue once. */
export const flushJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: failedJobRetention,
} as const satisfies JobsOptions;

/** What the alerts queue carries. */
export type AlertsQueueJobData = AlertJobData | FlushJobData;

/**
 * `fl:<route>:<group>-<window>`: each window is flushed by one job, however many alerts (or workers)
 * schedule it. BullMQ allows ':' in a custom id only with exactly three parts.
 */
export function flushJobId(data: FlushJobData): string {
  return `fl:${data.route}:${data.group}-${data.window}`;
}
