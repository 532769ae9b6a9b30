import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import type { Alert } from '@b2c-alerts/notify';
import type { AlertCandidate } from '@b2c-alerts/rule-engine';
import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import { failedJobRetention, type FailedJobRetention } from './failed-job-retention.js';

/** The four queues, in the order data flows through them. */
export const queueNames = {
  poll: 'b2c-poll',
  evaluate: 'b2c-evaluate',
  alerts: 'b2c-alerts',
  deliver: 'b2c-deliver',
} as const;
export type QueueKind = keyof typeof queueNames;
export const queueKinds = Object.keys(queueNames) as QueueKind[];

/** A poll of one tenant (scheduler `poll:<tenant>`); `tenant` is the tenant's name in the config. */
export interface PollJobData {
  tenant: string;
}
/** An index pass over one tenant's archive (scheduler `index:<tenant>` on the poll queue, job name `index`). */
export interface IndexJobData {
  tenant: string;
}
/** Raw events of one tenant, at most `evaluateBatchSize` per job (one job per event is ~10× slower). */
export interface EvaluateJobData {
  tenant: string;
  events: DirectoryAudit[];
}
/**
 * An absence check of one tenant (scheduler `tick:<tenant>` on the evaluate queue, job name `tick`).
 * `now` is set only for a one-off tick; a scheduled tick takes its time from its schedule, so a retry
 * ticks at the same `now`.
 */
export interface TickJobData {
  tenant: string;
  now?: number;
}
export interface AlertJobData {
  tenant: string;
  candidate: AlertCandidate;
  ruleSetVersion: string;
}
export type DeliveryChannel = { kind: 'slack'; channel: string } | { kind: 'email'; to: string[] };
export interface DeliverJobData {
  alert: Alert;
  route: string;
  channel: DeliveryChannel;
}

/** Job names: the poll queue carries polls and archive index passes, the evaluate queue batches and ticks. */
export const jobNames = {
  poll: 'poll',
  index: 'index',
  evaluate: 'evaluate',
  tick: 'tick',
  alert: 'alert',
  deliver: 'deliver',
} as const;

/** Events per evaluate job (CONTRIBUTING.md, "Toolchain notes": ~60k events/s batched vs ~6k jobs/s). */
export const evaluateBatchSize = 500;

const day = 24 * 60 * 60;

/**
 * Retries and retention per queue (BullMQ production guide: auto-removal on every queue). Completed
 * alert and deliver jobs are kept for a day / a week so that their deterministic ids drop a replayed
 * candidate or delivery. Failed jobs are the dead letters: every queue keeps them by age and count
 * (`keepFailed`, failedJobRetention by default), long enough to re-drive, bounded under a flood.
 */
export function queueJobOptions(
  keepFailed: Readonly<FailedJobRetention> = failedJobRetention,
): Readonly<Record<QueueKind, DefaultJobOptions>> {
  return Object.freeze({
    // A failed poll is retried by the next scheduled one; the poller counts failures itself.
    poll: {
      attempts: 1,
      removeOnComplete: { count: 1000 },
      removeOnFail: { age: keepFailed.age, count: Math.min(1000, keepFailed.count) },
    },
    // Evaluation is idempotent per (rule, event), so a batch may run again; bound what stays in Redis.
    evaluate: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 600, count: 1000 },
      removeOnFail: { ...keepFailed },
    },
    alerts: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: day, count: 100_000 },
      removeOnFail: { ...keepFailed },
    },
    // The deliver stage sets the same per job (deliver/deliver-job.ts deliverJobOptions).
    deliver: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: { age: 7 * day, count: 100_000 },
      removeOnFail: { ...keepFailed },
    },
  });
}

export interface CreateQueuesOptions {
  /** How many failed jobs each queue keeps, and how long: failedJobRetention by default. */
  keepFailed?: Readonly<FailedJobRetention>;
}

export interface WorkerQueues {
  poll: Queue<PollJobData>;
  evaluate: Queue<EvaluateJobData | TickJobData>;
  alerts: Queue<AlertJobData>;
  deliver: Queue<DeliverJobData>;
}

/**
 * The four producer-side queues on one shared connection (fail-fast: give it `enableOfflineQueue:
 * false`). The caller attaches error listeners and closes them; closing a queue leaves a shared
 * connection open.
 */
export function createQueues(
  connection: ConnectionOptions,
  prefix: string,
  options: CreateQueuesOptions = {},
): WorkerQueues {
  const jobOptions = queueJobOptions(options.keepFailed);
  return {
    poll: new Queue<PollJobData>(queueNames.poll, { connection, prefix, defaultJobOptions: jobOptions.poll }),
    evaluate: new Queue<EvaluateJobData | TickJobData>(queueNames.evaluate, {
      connection,
      prefix,
      defaultJobOptions: jobOptions.evaluate,
    }),
    alerts: new Queue<AlertJobData>(queueNames.alerts, {
      connection,
      prefix,
      defaultJobOptions: jobOptions.alerts,
    }),
    deliver: new Queue<DeliverJobData>(queueNames.deliver, {
      connection,
      prefix,
      defaultJobOptions: jobOptions.deliver,
    }),
  };
}
