import { randomUUID } from 'node:crypto';
import { VirtualClock } from '@b2c-alerts/audit-client';
import { EmailSender, SlackSender } from '@b2c-alerts/notify';
import type { AlertCandidate, Route, RuleDefinition, Severity, SilenceEntry } from '@b2c-alerts/rule-engine';
import { SlackEmulator, SmtpSink, type SlackEmulatorOptions } from '@b2c-alerts/testkit';
import { Queue, Worker, type Job, type JobType } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Counter } from 'prom-client';
import type { AlertNamesDeps } from '../../src/alerts/alert-names.js';
import { AlertHistory } from '../../src/alert-history/alert-history.js';
import type { AlertHistoryRetention } from '../../src/alert-history/alert-history-options.js';
import { AlertHistoryWriter } from '../../src/alert-history/alert-history-writer.js';
import { createAlertsProcessor } from '../../src/alerts/alerts-processor.js';
import type { AlertsQueueJobData } from '../../src/alerts/flush-job.js';
import { watchFailedJobs } from '../../src/dead-letters/failed-jobs-watch.js';
import { createDeliverProcessor } from '../../src/deliver/deliver-processor.js';
import { createMetrics, type WorkerMetrics } from '../../src/http/metrics.js';
import { jobNames, queueNames, type DeliverJobData } from '../../src/queues/queues.js';
import { RedisKeys } from '../../src/redis/redis-keys.js';
import { RulesState, type RulesBundle } from '../../src/rules/rules-state.js';

export function redisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export const tenant = 'contoso';
const base = Date.parse('2026-01-05T10:00:00Z');

/** A rule as the loader would give it; only what the alerts stage reads matters. */
export function rule(id: string, severity: Severity, notify: string[] = ['security']): RuleDefinition {
  return {
    id,
    title: `Rule ${id}`,
    description: `What ${id} detects.`,
    severity,
    enabled: true,
    tags: [],
    references: [],
    match: { all: [] },
    notify,
    fields: [],
    source: { file: `${id}.rule.yaml`, line: 1 },
  };
}

/** The n-th alert of a group: a distinct firstTime makes a distinct alert id. */
export function candidate(
  r: RuleDefinition,
  n: number,
  o: { group?: string; groupValues?: Record<string, unknown> } = {},
): AlertCandidate {
  const time = new Date(base + n * 1000).toISOString();
  return {
    ruleId: r.id,
    severity: r.severity,
    title: r.title,
    groupKey: o.group === undefined ? r.id : `${r.id}|actor.upn=${o.group}`,
    groupValues: o.groupValues ?? (o.group === undefined ? {} : { 'actor.upn': o.group }),
    count: 1,
    firstTime: time,
    lastTime: time,
    eventIds: [`ev-${r.id}-${o.group ?? ''}-${n}`],
    suppressed: 0,
    status: 'firing',
  };
}

export function route(name: string, o: Partial<Route> = {}): Route {
  return { name, groupWaitMs: 0, groupIntervalMs: 0, repeatIntervalMs: 3_600_000, ...o };
}

export interface PipelineOptions {
  rules: RuleDefinition[];
  routes: Route[];
  silences?: SilenceEntry[];
  slack?: SlackEmulatorOptions;
  /** Deliver worker concurrency. */
  concurrency?: number;
  /** Display-name lookups for the alerts stage (the pipeline's metrics count them); off when absent. */
  names?: Omit<AlertNamesDeps, 'metrics'>;
  /** The alert history's retention (the writer's default when absent). */
  historyRetention?: AlertHistoryRetention;
  /** CONSOLE_URL given to both senders: their messages link to the console. */
  consoleUrl?: string;
}

export interface WorkerPair {
  alerts: Worker<AlertsQueueJobData>;
  deliver: Worker<DeliverJobData>;
}

/**
 * The alerts and deliver stages on real queues under a unique BullMQ prefix (and key prefix below it),
 * with the real Slack emulator and SMTP sink, a VirtualClock for group timing (flushes are delayed
 * jobs: `flush()` promotes them), and as many worker pairs as `startWorkers()` is called.
 */
export class Pipeline {
  readonly prefix = `test-${randomUUID()}`;
  readonly keys = new RedisKeys(`${this.prefix}:b2c`);
  readonly clock = new VirtualClock(Date.now());
  readonly rules = new RulesState();
  readonly metrics: WorkerMetrics = createMetrics();
  readonly logger = pino({ level: 'silent' });
  readonly producer = new Redis(redisUrl());
  readonly alertsQueue: Queue<AlertsQueueJobData>;
  readonly deliverQueue: Queue<DeliverJobData>;
  readonly workers: WorkerPair[] = [];
  readonly history: AlertHistoryWriter;
  readonly historyReader = new AlertHistory(this.producer, this.keys);
  readonly failures: Array<{ job: Job<DeliverJobData>; error: Error }> = [];
  readonly #connections: Redis[] = [this.producer];
  readonly #senders: EmailSender[] = [];

  private constructor(
    readonly slack: SlackEmulator,
    readonly smtp: SmtpSink,
    private readonly options: PipelineOptions,
  ) {
    this.alertsQueue = new Queue<AlertsQueueJobData>(queueNames.alerts, {
      connection: this.producer,
      prefix: this.prefix,
    });
    this.deliverQueue = new Queue<DeliverJobData>(queueNames.deliver, {
      connection: this.producer,
      prefix: this.prefix,
    });
    this.history = new AlertHistoryWriter(this.producer, this.keys, {
      clock: this.clock,
      ...(options.historyRetention ? { retention: options.historyRetention } : {}),
    });
    this.setRules(options);
  }

  static async start(options: PipelineOptions): Promise<Pipeline> {
    const [slack, smtp] = await Promise.all([SlackEmulator.start(options.slack), SmtpSink.start()]);
    return new Pipeline(slack, smtp, options);
  }

  setRules(o: { rules: RuleDefinition[]; routes: Route[]; silences?: SilenceEntry[] }): void {
    const bundle: RulesBundle = {
      ruleSet: { rules: o.rules, lists: {}, conditions: {}, version: 'test-rules' },
      routes: { routes: Object.fromEntries(o.routes.map((r) => [r.name, r])) },
      silences: o.silences ?? [],
      version: 'test-rules',
      loadedAt: this.clock.now(),
    };
    this.rules.swap(bundle);
  }

  /** One more worker process: an alerts Worker and a deliver Worker, each on its own connection. */
  startWorkers(): WorkerPair {
    const connection = () => {
      const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
      this.#connections.push(redis);
      return redis;
    };
    const consoleUrl = this.options.consoleUrl === undefined ? {} : { consoleUrl: this.options.consoleUrl };
    const email = new EmailSender({
      smtpUrl: this.smtp.url,
      from: 'B2C alerts <alerts@contoso.test>',
      ...consoleUrl,
    });
    this.#senders.push(email);
    const alerts = new Worker<AlertsQueueJobData>(
      queueNames.alerts,
      createAlertsProcessor({
        redis: this.producer,
        keys: this.keys,
        alertsQueue: this.alertsQueue,
        deliverQueue: this.deliverQueue,
        rules: this.rules,
        metrics: this.metrics,
        logger: this.logger,
        clock: this.clock,
        history: this.history,
        ...(this.options.names ? { names: { ...this.options.names, metrics: this.metrics } } : {}),
      }),
      { connection: connection(), prefix: this.prefix, concurrency: 4 },
    );
    const deliver: Worker<DeliverJobData> = new Worker<DeliverJobData>(
      queueNames.deliver,
      createDeliverProcessor({
        redis: this.producer,
        keys: this.keys,
        slack: new SlackSender({ token: this.slack.token, apiUrl: this.slack.url, ...consoleUrl }),
        email,
        metrics: this.metrics,
        logger: this.logger,
        history: this.history,
      }),
      { connection: connection(), prefix: this.prefix, concurrency: this.options.concurrency ?? 4 },
    );
    watchFailedJobs(deliver, 'deliver', { metrics: this.metrics, logger: this.logger });
    deliver.on('failed', (job, error) => {
      if (job) this.failures.push({ job, error });
    });
    const pair = { alerts, deliver };
    this.workers.push(pair);
    return pair;
  }

  addAlert(c: AlertCandidate, o: { jobId?: string } = {}): Promise<unknown> {
    return this.alertsQueue.add(
      jobNames.alert,
      { tenant, candidate: c, ruleSetVersion: 'test-rules' },
      { jobId: o.jobId ?? `al:${tenant}:${c.ruleId}-${c.firstTime.replace(/:/g, '')}` },
    );
  }

  /**
   * Resolves once no job of `states` is left on either queue. Re-checked on every worker, Slack and
   * SMTP event (and every 200 ms as a backstop), never after a fixed sleep.
   */
  async settle(states: JobType[] = ['waiting', 'active', 'delayed', 'prioritized'], timeoutMs = 30_000): Promise<void> {
    const idle = async () => {
      const [a, d] = await Promise.all([
        this.alertsQueue.getJobCounts(...states),
        this.deliverQueue.getJobCounts(...states),
      ]);
      return Object.values(a).every((n) => n === 0) && Object.values(d).every((n) => n === 0);
    };
    if (await idle()) return;
    await new Promise<void>((resolve, reject) => {
      const offs: Array<() => void> = [];
      let checking = false;
      const check = () => {
        if (checking) return;
        checking = true;
        idle().then(
          (done) => {
            checking = false;
            if (!done) return;
            finish();
            resolve();
          },
          (error: unknown) => {
            finish();
            reject(error as Error);
          },
        );
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`queues not idle after ${timeoutMs} ms`));
      }, timeoutMs);
      const backstop = setInterval(check, 200);
      const finish = () => {
        clearTimeout(timer);
        clearInterval(backstop);
        for (const off of offs) off();
      };
      for (const pair of this.workers) {
        for (const worker of [pair.alerts, pair.deliver] as Worker[]) {
          for (const event of ['completed', 'failed', 'drained'] as const) {
            worker.on(event, check);
            offs.push(() => worker.off(event, check));
          }
        }
      }
      offs.push(this.slack.onMessage(check), this.smtp.onMail(check));
      check();
    });
  }

  /** Lets every alert be grouped, then runs the due-or-not flushes now (as if group_wait had passed). */
  async flush(): Promise<void> {
    await this.settle(['waiting', 'active', 'prioritized']);
    await this.alertsQueue.promoteJobs();
    await this.settle();
  }

  async counter(counter: Counter<string>, labels: Record<string, string>): Promise<number> {
    const { values } = await counter.get();
    return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.flatMap((p) => [p.alerts.close(), p.deliver.close()]));
    await Promise.all([this.alertsQueue.close(), this.deliverQueue.close()]);
    for (const sender of this.#senders) sender.close();
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.producer.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    if (keys.length > 0) await this.producer.del(...keys);
    await Promise.all(this.#connections.map((c) => c.quit().catch(() => c.disconnect())));
    await Promise.all([this.slack.close(), this.smtp.close()]);
  }
}
