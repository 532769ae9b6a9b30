import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '@b2c-alerts/audit-client';
import { EmailSender, SlackSender } from '@b2c-alerts/notify';
import { formatProblem, type RuleProblem } from '@b2c-alerts/rule-engine';
import { Worker, type Job, type Processor } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerConfig } from './config/config.js';
import { RulesInvalidError } from './errors/rules-invalid-error.js';
import { WorkerConfigError } from './errors/worker-config-error.js';
import { createAlertsProcessor } from './alerts/alerts-processor.js';
import { watchDeadLetters } from './deliver/dead-letter-watch.js';
import { createDeliverProcessor } from './deliver/deliver-processor.js';
import { WorkerError } from './errors/worker-error.js';
import { createEvaluateProcessor } from './evaluate/evaluate-processor.js';
import { EvaluatorCache } from './evaluate/evaluator-cache.js';
import { watchFailedJobs } from './dead-letters/failed-jobs-watch.js';
import { HttpServer } from './http/http-server.js';
import { createLogger } from './logger.js';
import { createMetrics, type WorkerMetrics } from './http/metrics.js';
import { createPollProcessor } from './poll/poll-processor.js';
import { createQueues, jobNames, queueNames, type AlertJobData, type DeliverJobData, type EvaluateJobData, type QueueKind, type TickJobData, type WorkerQueues } from './queues/queues.js';
import { checkReadiness, type Readiness } from './http/readiness.js';
import { RedisConnections } from './redis/redis-connections.js';
import { RedisKeys } from './redis/redis-keys.js';
import { refreshGauges } from './http/refresh-gauges.js';
import { RulesReloader } from './rules/rules-reloader.js';
import { isRouteChannelProblem, type RouteChannelCheck } from './rules/route-channel-problems.js';
import { RulesState, type ReloadOutcome } from './rules/rules-state.js';
import { RulesWatcher } from './rules/rules-watcher.js';
import { SelfAlerts, workerTenant } from './self-alerts/self-alerts.js';
import { createTenantRuntime, type TenantRuntime } from './poll/tenant-runtime.js';
import { createTickProcessor } from './tick/tick-processor.js';

export interface WorkerAppDeps {
  /** The pino root; default: JSON to stdout at config.logLevel. */
  logger?: Logger;
  /** Time for windows, throttling and backoff (tests pass a VirtualClock); BullMQ schedules in wall time. */
  clock?: Clock;
  slack?: SlackSender;
  email?: EmailSender;
}

export interface WorkerApp {
  /** Connects, loads the rules (throws WK_ERR_RULES_INVALID without a valid set), schedules, starts workers and HTTP. */
  start(): Promise<void>;
  /** Idempotent, ordered and bounded (config.shutdownTimeoutMs); throws WK_ERR_CLOSE listing what failed. */
  close(): Promise<void>;
  /** Reloads the rules directory (SIGHUP, file changes); an invalid set is rejected whole. */
  reloadRules(): Promise<ReloadOutcome>;
  ready(): Promise<Readiness>;
  readonly metrics: WorkerMetrics;
  readonly queues: WorkerQueues;
  readonly rules: RulesState;
  /** The HTTP port once started (PORT=0 binds a free one). */
  readonly port: number | undefined;
}

/** Scheduler ids: one poll and one absence tick per tenant. */
export const pollSchedulerId = (tenant: string) => `poll:${tenant}`;
export const tickSchedulerId = (tenant: string) => `tick:${tenant}`;
const tickEveryMs = 60_000;

const concurrency: Record<QueueKind, number> = { poll: 2, evaluate: 4, alerts: 4, deliver: 4 };
/** A limiter that never limits by itself; it makes every deliver worker honour a 429's pause. */
const deliverLimiter = { max: 1_000_000, duration: 1000 };

/**
 * Builds the worker: Redis connections, the four queues, per-tenant readers and stores, the rules
 * bundle with hot reload, self-alerts, metrics and the HTTP endpoints. Nothing runs before start().
 */
export function createWorkerApp(config: WorkerConfig, deps: WorkerAppDeps = {}): WorkerApp {
  const logger = deps.logger ?? createLogger({ level: config.logLevel });
  const clock = deps.clock ?? systemClock;
  const metrics = createMetrics();
  const keys = new RedisKeys(config.redis.keyPrefix);
  const connections = new RedisConnections(config.redis.url, logger);
  const redis = connections.producer;
  const queues = createQueues(redis, config.redis.queuePrefix);
  for (const [kind, queue] of Object.entries(queues)) {
    queue.on('error', (error: Error) => logger.error({ err: error, queue: kind }, 'queue error'));
  }
  // Senders given in deps belong to the caller; the ones built here are closed by close().
  const slack = deps.slack ?? (config.slack ? new SlackSender({ token: config.slack.token, ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}), logger }) : undefined);
  const ownedEmail = !deps.email && config.email ? new EmailSender({ smtpUrl: config.email.smtpUrl, from: config.email.from, logger }) : undefined;
  const email = deps.email ?? ownedEmail;

  const rules = new RulesState();
  const selfAlerts = new SelfAlerts({ redis, keys, alertsQueue: queues.alerts, clock, logger, ruleSetVersion: () => rules.current?.version ?? 'none' });
  const reloader = new RulesReloader({
    dir: config.rulesDir,
    variables: config.routeVariables,
    ...(channelCheck(config, { slack: slack !== undefined, email: email !== undefined }) ?? {}),
    state: rules,
    clock,
    logger,
    metrics,
    onRejected: (problems) => raiseRulesRejected(selfAlerts, problems, rules.current?.version),
  });
  const watcher = new RulesWatcher({ dir: config.rulesDir, logger, onChange: () => void reloader.reload().catch((error: unknown) => logger.error({ err: error }, 'rules reload failed')) });
  const tenantNames = config.tenants.map((t) => t.name);
  const runtimes = new Map<string, TenantRuntime>(
    config.tenants.map((t) => [t.name, createTenantRuntime(t, { redis, keys, graph: config.graph, window: config.poll.window, archiveDir: config.archiveDir, clock, logger })]),
  );
  const evaluators = new EvaluatorCache(redis, keys);
  const pollAbort = new AbortController();
  const workers: Worker[] = [];

  const ready = () =>
    checkReadiness({ redis, keys, rules, tenants: tenantNames, clock, maxPollAgeMs: 3 * config.poll.intervalMs + 5 * 60_000 });
  const http = new HttpServer({
    port: config.http.port,
    host: config.http.host,
    logger,
    readiness: ready,
    metrics: async () => {
      await refreshGauges({ queues, redis, keys, tenants: tenantNames, metrics, clock }).catch((error: unknown) =>
        logger.warn({ err: error }, 'queue depths and lag could not be refreshed'),
      );
      return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
    },
  });

  const processors: Record<QueueKind, Processor> = {
    poll: createPollProcessor({
      tenants: runtimes,
      redis,
      keys,
      evaluateQueue: queues.evaluate,
      metrics,
      selfAlerts,
      clock,
      window: config.poll.window,
      failureAlertAfter: config.poll.failureAlertAfter,
      lagAlertThresholdMs: config.poll.lagAlertThresholdMs,
      logger,
      signal: pollAbort.signal,
    }) as Processor,
    evaluate: evaluateQueueProcessor(
      createEvaluateProcessor({ rules, evaluators, tenants: new Map(config.tenants.map((t) => [t.name, t])), alertsQueue: queues.alerts, metrics, logger }),
      createTickProcessor({ rules, evaluators, alertsQueue: queues.alerts, delayMs: config.poll.window.delayMs, logger }),
    ),
    alerts: createAlertsProcessor({
      redis,
      keyPrefix: config.redis.keyPrefix,
      alertsQueue: queues.alerts,
      deliverQueue: queues.deliver,
      rules,
      metrics,
      logger,
      clock,
    }) as Processor,
    deliver: createDeliverProcessor({
      redis,
      keyPrefix: config.redis.keyPrefix,
      ...(slack ? { slack } : {}),
      ...(email ? { email } : {}),
      // A Slack 429 pauses the whole deliver queue (BullMQ's manual rate limit) in every replica: see deliverLimiter.
      rateLimiter: () => queues.deliver,
      metrics,
      logger,
    }) as Processor,
  };

  function startWorker(kind: QueueKind): void {
    const worker = new Worker(queueNames[kind], processors[kind], {
      connection: connections.forWorker(kind),
      prefix: config.redis.queuePrefix,
      concurrency: kind === 'poll' ? Math.max(concurrency.poll, config.tenants.length) : concurrency[kind],
      // The jobs of a worker that died without closing (SIGKILL, OOM) are retried once their lock lapses;
      // stalled jobs are looked for as often as a lock lasts, so they wait one to two JOB_LOCK_DURATIONs.
      lockDuration: config.jobLockMs,
      stalledInterval: config.jobLockMs,
      // BullMQ reads the queue's rate-limit key (set by the deliver stage on a Slack 429) only in a
      // worker that has a limiter: without one, every other worker on this Redis keeps posting during
      // Retry-After. The limit itself is far above what any channel takes, so only a 429 holds them.
      ...(kind === 'deliver' ? { limiter: deliverLimiter } : {}),
      autorun: false,
    });
    worker.on('error', (error: Error) => logger.error({ err: error, queue: queueNames[kind] }, 'worker error'));
    worker.on('failed', (job: Job | undefined, error: Error) => {
      const fields = { queue: queueNames[kind], jobId: job?.id, attemptsMade: job?.attemptsMade, error: error.message };
      // The last failure of the other stages is logged (and counted) by their watches below.
      if (job?.finishedOn === undefined) logger.warn(fields, 'job failed; will retry');
      else if (kind === 'poll') logger.error(fields, 'job failed after its last attempt');
    });
    // Dead letters: counted and logged by the deliver stage's watch; raised here as a self-alert.
    if (kind === 'deliver') watchDeadLetters(worker as Worker<DeliverJobData>, { metrics, logger, onDeadLetter: raiseDeadLetter });
    // A batch or alert that failed for good is lost unless re-driven (the watermark has moved on): count it and say so.
    if (kind === 'evaluate' || kind === 'alerts') watchFailedJobs(worker, { counter: metrics.failedJobs, logger, onFailed: (job, error) => raiseFailedJob(kind, job, error) });
    workers.push(worker);
    worker.run().catch((error: unknown) => logger.error({ err: error, queue: queueNames[kind] }, 'worker stopped'));
  }

  /** A delivery that failed for good (kept in the failed set) raises `self.dead-letters`, once an hour per channel kind. */
  async function raiseDeadLetter(job: Job<DeliverJobData>, error: Error): Promise<void> {
    const channel = job.data.channel.kind;
    await selfAlerts
      .raise({
        ruleId: 'self.dead-letters',
        reason: channel,
        severity: 'high',
        title: `Alert delivery to ${channel} failed after its last retry`,
        details: { route: job.data.route, alertId: job.data.alert.id, ruleId: job.data.alert.ruleId, error: error.message.slice(0, 500) },
      })
      .catch((raiseError: unknown) => logger.error({ err: raiseError }, 'self-alert for a dead letter could not be raised'));
  }

  /**
   * An evaluate or alerts job that failed for good raises `self.dead-letters` (reason: the stage), once
   * an hour per stage and tenant: its events or alert reach no channel until it is re-driven.
   */
  async function raiseFailedJob(kind: 'evaluate' | 'alerts', job: Job, error: Error): Promise<void> {
    const data = job.data as Partial<EvaluateJobData & AlertJobData>;
    const tenant = typeof data.tenant === 'string' ? data.tenant : undefined;
    const of = tenant !== undefined && tenant !== workerTenant ? ` of ${tenant}` : '';
    const what =
      kind === 'alerts'
        ? `An alert${data.candidate ? ` of ${data.candidate.ruleId}` : ''} could not be routed after its last retry; it is missing`
        : job.name === jobNames.tick
          ? `The absence check${of} failed after its last retry; its alerts are missing`
          : `Evaluating ${Array.isArray(data.events) ? `${data.events.length} ` : ''}audit events${of} failed after its last retry; their alerts are missing`;
    await selfAlerts
      .raise({
        ruleId: 'self.dead-letters',
        ...(of !== '' ? { tenant } : {}),
        reason: kind,
        severity: 'high',
        title: `${what} until re-driven (b2c-alerts deadletters --retry)`,
        details: { queue: queueNames[kind], jobId: job.id ?? '', error: error.message.slice(0, 500) },
      })
      .catch((raiseError: unknown) => logger.error({ err: raiseError }, 'self-alert for a failed job could not be raised'));
  }

  let starting: Promise<void> | undefined;
  let closing: Promise<void> | undefined;

  async function start(): Promise<void> {
    try {
      await connections.ready(10_000);
      const loaded = await reloader.reload();
      if (loaded.outcome === 'rejected') {
        // Only a variable is missing (a sender, or every channel): say so as the configuration problem it is.
        const channelProblems = loaded.problems.filter(isRouteChannelProblem);
        if (channelProblems.length > 0 && channelProblems.length === loaded.problems.length) {
          throw new WorkerConfigError(channelProblems.map((p) => ({ variable: p.variable, message: `${p.text} (${p.file}:${p.line}:${p.column})` })));
        }
        throw new RulesInvalidError(config.rulesDir, loaded.problems);
      }
      if (config.workers.includes('poll')) {
        for (const tenant of tenantNames) {
          await queues.poll.upsertJobScheduler(pollSchedulerId(tenant), { every: config.poll.intervalMs }, { name: jobNames.poll, data: { tenant } });
        }
      }
      if (config.workers.includes('evaluate')) {
        for (const tenant of tenantNames) {
          await queues.evaluate.upsertJobScheduler(tickSchedulerId(tenant), { every: tickEveryMs }, { name: jobNames.tick, data: { tenant } });
        }
      }
      for (const kind of config.workers) startWorker(kind);
      watcher.start();
      await http.start();
      logger.info({ tenants: tenantNames, workers: config.workers, port: http.port, rulesVersion: rules.current?.version }, 'worker ready');
    } catch (error) {
      await close().catch((closeError: unknown) => logger.error({ err: closeError }, 'close after a failed start failed'));
      throw error;
    }
  }

  /** http → (schedulers stay, for the other replicas) → workers, letting active jobs finish → queues → Redis. */
  async function runClose(): Promise<void> {
    const deadline = Date.now() + config.shutdownTimeoutMs;
    const failures: Array<{ step: string; error: unknown }> = [];
    const step = async (name: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (error) {
        failures.push({ step: name, error });
      }
    };
    logger.info({}, 'worker closing');
    await step('http', () => http.close());
    watcher.close();
    // A poll stops at its next request; its window is read again by the next poll.
    pollAbort.abort(new Error('worker closing'));
    await step('workers', async () => {
      // Leave a little time for the queues and connections after the workers.
      const budget = Math.max(0, deadline - Date.now() - 1000);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), budget);
      });
      const outcome = await Promise.race([Promise.allSettled(workers.map((w) => w.close())), timedOut]).finally(() => clearTimeout(timer));
      if (outcome === 'timeout') {
        // Their jobs stay locked until the lock expires, then go back to the queue (stalled) for another worker.
        throw new Error(`workers did not finish their active jobs within ${config.shutdownTimeoutMs} ms; those jobs will be retried`);
      }
      const rejected = outcome.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (rejected.length > 0) throw new AggregateError(rejected.map((r) => r.reason as unknown), 'worker close failed');
    });
    await step('queues', () => Promise.all(Object.values(queues).map((q) => q.close())));
    ownedEmail?.close();
    await step('redis', async () => {
      const errors = await connections.close();
      if (errors.length > 0) throw new AggregateError(errors, 'redis close failed');
    });
    if (failures.length > 0) {
      for (const f of failures) logger.error({ err: f.error, step: f.step }, 'close step failed');
      throw new WorkerError('WK_ERR_CLOSE', `Closing the worker failed in: ${failures.map((f) => f.step).join(', ')}; see the log for each error.`, {
        cause: new AggregateError(failures.map((f) => f.error)),
      });
    }
    logger.info({}, 'worker closed');
  }

  function close(): Promise<void> {
    closing ??= runClose();
    return closing;
  }

  return {
    start: () => (starting ??= start()),
    close,
    reloadRules: () => reloader.reload(),
    ready,
    metrics,
    queues,
    rules,
    get port() {
      return http.port;
    },
  };
}

/** The evaluate queue carries batches (`evaluate`) and absence ticks (`tick`). */
function evaluateQueueProcessor(evaluate: (job: Job<EvaluateJobData>) => Promise<unknown>, tick: (job: Job<TickJobData>) => Promise<unknown>): Processor {
  return (job: Job) => (job.name === jobNames.tick ? tick(job as Job<TickJobData>) : evaluate(job as Job<EvaluateJobData>));
}

/**
 * What routes.yaml must offer this process: senders for its channels where deliveries are made, and
 * some channel where alerts are routed or delivered (a reader-only process needs neither).
 */
function channelCheck(config: WorkerConfig, senders: { slack: boolean; email: boolean }): { channels: RouteChannelCheck } | undefined {
  const delivers = config.workers.includes('deliver');
  if (!delivers && !config.workers.includes('alerts')) return undefined;
  return { channels: { requireChannel: true, ...(delivers ? { senders } : {}) } };
}

async function raiseRulesRejected(selfAlerts: SelfAlerts, problems: RuleProblem[], runningVersion: string | undefined): Promise<void> {
  const shown = problems.slice(0, 20).map(formatProblem);
  const text = shown.join('\n') + (problems.length > shown.length ? `\n… and ${problems.length - shown.length} more` : '');
  await selfAlerts.raise({
    ruleId: 'self.rules-rejected',
    // The same problems alert once an hour; a different breakage alerts again.
    reason: createHash('sha1').update(text).digest('hex').slice(0, 12),
    severity: 'high',
    title: `Rule set rejected (${problems.length} problem${problems.length === 1 ? '' : 's'}); still running ${runningVersion ?? 'nothing'}`,
    details: { problems: text, runningVersion: runningVersion ?? 'none' },
  });
}
