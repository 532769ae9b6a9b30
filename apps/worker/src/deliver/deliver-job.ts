import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import { failedJobRetention } from '../queues/failed-job-retention.js';
import type { DeliverJobData, DeliveryChannel } from '../queues/queues.js';

/** Where a notification sits in its group's Slack thread. */
export interface DeliverThread {
  /** groupHash(tenant, groupKey). */
  group: string;
  /** The group's episode: a group quiet for repeat_interval starts a new one (a new top-level message). */
  epoch: number;
  /** The first notification of the episode: it posts top-level and its ts becomes the thread. */
  root: boolean;
  /** How long the thread's ts is kept after each post: at least the route's repeat_interval. */
  ttlMs: number;
}

/** A deliver job as the alerts stage enqueues it: the contract's data plus its place in the thread. */
export interface NotificationJobData extends DeliverJobData {
  thread?: DeliverThread;
  /** The alerts the notification carries (a group window's, merged); absent in older jobs: the alert's own id. */
  alertIds?: string[];
}

/** Job name of deliveries on the deliver queue. */
export const deliverJobName = 'deliver';

/** 8 attempts, 5 s doubling (about 10 minutes in all); failed jobs stay as dead letters (failedJobRetention). */
export const deliverJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: failedJobRetention,
} as const satisfies JobsOptions;

/**
 * `dl:<notification id>:<kind>-<sha1 of route and target, 16 hex>`: one job per notification and
 * channel, so a flush that runs again enqueues nothing new.
 */
export function notificationJobId(notificationId: string, route: string, channel: DeliveryChannel): string {
  const target = channel.kind === 'slack' ? channel.channel : [...channel.to].sort().join(',');
  return `dl:${notificationId}:${channel.kind}-${createHash('sha1').update(`${route}\u0000${target}`).digest('hex').slice(0, 16)}`;
}
