import { generateTraffic, incidents, type GraphEmulator, type SlackEmulator, type SmtpSink } from '@b2c-alerts/testkit';
import { Queue, type JobType } from 'bullmq';
import { Redis } from 'ioredis';
import type { DeliverJobData, QueueKind } from '../../src/index.js';
import { queueNames } from '../../src/queues/queues.js';
import { writeRulesDir, immediateRoutesYaml } from './rules-dir.js';
import { workerEnv } from './worker-env.js';

const minute = 60_000;

export const sprayRule = `id: test.data-plane.password-spray
title: Password spray from one IP address
description: Failed password checks for at least 10 different sign-in names from one client IP within 10 minutes.
severity: high
match:
  all:
    - { fact: activity, operator: equal, value: Validate local account credentials }
    - { fact: result, operator: equal, value: failure }
    - { fact: details.LocalAccountUsername, operator: regex, value: '.' }
aggregate: { kind: distinct, groupBy: [ip], field: details.LocalAccountUsername, window: 10m, threshold: 10 }
throttle: { key: [ip], for: 1h }
notify: [security]
fields: [ip]
`;

/** The rule of each planted incident; nothing else may alert. */
export const plantedRuleIds = [
  'test.data-plane.password-spray',
  'test.keys.policy-key-deleted',
  'test.policies.custom-policy-burst',
];

/** The three rules of the planted incidents (rules-dir's two and the spray), routed to Slack and email with no group wait. */
export function writeCrashRulesDir(): Promise<string> {
  return writeRulesDir({ 'routes.yaml': immediateRoutesYaml, 'data-plane/password-spray.rule.yaml': sprayRule });
}

/** The events of each planted incident, by the rule that must alert on it, and how many of them it needs. */
export type PlantedIncidents = Record<string, { eventIds: Set<string>; threshold: number }>;

/**
 * 70 minutes of benign traffic (about 12k events: 25 evaluate batches) ending 10 minutes ago, with a
 * policy key deleted early, a custom-policy burst in the middle and a password spray late, so a crash
 * part-way through evaluation leaves incidents on both sides of it.
 */
export function plantIncidents(graph: GraphEmulator, now: number): PlantedIncidents {
  const keyDeleted = incidents.policyKeyDeleted(now - 70 * minute);
  const burst = incidents.customPolicyBurst(now - 45 * minute, { count: 9 });
  const spray = incidents.passwordSpray(now - 20 * minute, { users: 20 });
  graph.addEvents(
    generateTraffic({ seed: 44, start: now - 80 * minute, end: now - 10 * minute, eventsPerHour: 15_000 }),
  );
  graph.addEvents([...keyDeleted, ...burst, ...spray]);
  const ids = (events: Array<{ id: string }>) => new Set(events.map((e) => e.id));
  return {
    'test.keys.policy-key-deleted': { eventIds: ids(keyDeleted), threshold: 1 },
    'test.policies.custom-policy-burst': { eventIds: ids(burst), threshold: 5 },
    'test.data-plane.password-spray': { eventIds: ids(spray), threshold: 10 },
  };
}

/** A worker's environment for the scenario: everything from the last two hours, Slack and email on. */
export function crashEnv(
  graph: GraphEmulator,
  slack: SlackEmulator,
  smtp: SmtpSink,
  o: { keyPrefix: string; queuePrefix: string; rulesDir: string; redisUrl: string; queues?: QueueKind[] },
): Record<string, string> {
  return workerEnv(graph, {
    keyPrefix: o.keyPrefix,
    queuePrefix: o.queuePrefix,
    rulesDir: o.rulesDir,
    extra: {
      REDIS_URL: o.redisUrl,
      LOG_LEVEL: 'info',
      POLL_INTERVAL: '1h',
      POLL_INITIAL_LOOKBACK: '2h',
      LAG_ALERT_THRESHOLD: '2h',
      // A SIGKILLed worker's jobs go back to the queue within seconds rather than BullMQ's 30-60 s.
      JOB_LOCK_DURATION: '2s',
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.url,
      ALERT_SLACK_CHANNEL: '#security',
      SMTP_URL: smtp.url,
      ALERT_EMAIL_FROM: 'B2C alerts <alerts@contoso.test>',
      ALERT_EMAIL_TO: 'soc@contoso.test',
      ...(o.queues ? { WORKER_QUEUES: o.queues.join(',') } : {}),
    },
  });
}

/** One delivered notification, as the assertions compare them. */
export interface Delivered {
  channel: 'slack' | 'email';
  alertId: string;
  ruleId: string;
  groupKey: string;
  eventIds: string[];
}

/**
 * The test's own view of the worker's queues, on its own connection (offline queue on, so it waits out
 * a Redis restart instead of failing).
 */
export class QueueWatch {
  readonly redis: Redis;
  readonly queues: Record<QueueKind, Queue>;

  constructor(redisUrl: string, prefix: string) {
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
    this.redis.on('error', () => undefined);
    const queue = (kind: QueueKind) => new Queue(queueNames[kind], { connection: this.redis, prefix });
    this.queues = {
      poll: queue('poll'),
      evaluate: queue('evaluate'),
      alerts: queue('alerts'),
      deliver: queue('deliver'),
    };
  }

  count(kind: QueueKind, state: JobType): Promise<number> {
    return this.queues[kind].getJobCounts(state).then((c) => c[state] ?? 0);
  }

  /** No poll running and nothing left to evaluate, group or deliver (the scheduled tick and next poll wait, delayed). */
  async idle(): Promise<boolean> {
    if ((await this.queues.poll.getJobCounts('waiting', 'active')).active !== 0) return false;
    if ((await this.queues.poll.getJobCounts('waiting')).waiting !== 0) return false;
    for (const kind of ['evaluate', 'alerts', 'deliver'] as const) {
      const pending = await this.queues[kind].getJobs([
        'waiting',
        'active',
        'prioritized',
        'delayed',
        'waiting-children',
      ]);
      if (pending.some((job) => job.name !== 'tick')) return false;
    }
    return true;
  }

  /** Job counts of every queue, for a failure message. */
  async describe(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [kind, queue] of Object.entries(this.queues))
      out[kind] = Object.fromEntries(Object.entries(await queue.getJobCounts()).filter(([, n]) => n > 0));
    return out;
  }

  /** What the deliver stage completed: one entry per (notification, channel). */
  async delivered(): Promise<Delivered[]> {
    const jobs = await this.queues.deliver.getJobs(['completed']);
    return jobs.map((job) => {
      const data = job.data as DeliverJobData;
      return {
        channel: data.channel.kind,
        alertId: data.alert.id,
        ruleId: data.alert.ruleId,
        groupKey: data.alert.groupKey,
        eventIds: data.alert.eventIds,
      };
    });
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
    this.redis.disconnect();
  }
}

/** Alert id → number of Slack messages that carry it (read from the message's context block). */
export function slackAlertCounts(slack: SlackEmulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of slack.messages) {
    const id =
      /\*Alert:\* ([0-9a-f]{16})/.exec(JSON.stringify(message.blocks))?.[1] ?? `(no alert id: ${message.text})`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Alert id → number of mails that carry it (X-B2C-Alert-Id). */
export function mailAlertCounts(smtp: SmtpSink): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of smtp.mails) {
    const header = mail.headers.get('x-b2c-alert-id');
    const id = typeof header === 'string' ? header : `(no alert id: ${mail.subject})`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** A delivered notification as a comparable string: channel, rule and group. */
export const deliveredKey = (d: Delivered) => `${d.channel} ${d.ruleId} ${d.groupKey}`;
