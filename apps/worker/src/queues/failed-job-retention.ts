const day = 24 * 60 * 60;

/** BullMQ's `removeOnFail` by both bounds: seconds since the failure, and jobs per queue. */
export interface FailedJobRetention {
  age: number;
  count: number;
}

/**
 * How long failed jobs stay in each queue's failed set, where `b2c-alerts deadletters` lists them and
 * `--retry` re-drives them: 14 days, so a dead letter from a Friday outage is still there after a holiday
 * week, and at most 10,000 per queue (what `deadletters --retry` re-drives in one run), so a flood of
 * failures (a Slack outage, a channel Slack rejects, hostile event text) cannot fill Redis. Beyond either
 * bound BullMQ drops the oldest.
 */
export const failedJobRetention: Readonly<FailedJobRetention> = Object.freeze({ age: 14 * day, count: 10_000 });
