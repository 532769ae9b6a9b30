import { systemClock, type Clock } from '@b2c-alerts/audit-client';
import { EmailSender, SlackSender } from '@b2c-alerts/notify';
import type { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerConfig } from './config/config.js';
import { cachedAnswer } from './http/cached-answer.js';
import { HttpServer } from './http/http-server.js';
import { createMetrics, type WorkerMetrics } from './http/metrics.js';
import { checkReadiness, type Readiness } from './http/readiness.js';
import { refreshGauges } from './http/refresh-gauges.js';
import { shutdownWorker } from './lifecycle/shutdown.js';
import { createLogger } from './logger.js';
import { checkRedisVersion } from './redis/redis-version.js';
import { startWorkerConsole, type RunningWorkerConsole } from './console/start-worker-console.js';
import { createQueues, type WorkerQueues } from './queues/queues.js';
import { upsertSchedulers } from './queues/schedulers.js';
import { createStageProcessors } from './queues/stage-processors.js';
import { startStageWorker } from './queues/stage-worker.js';
import { RedisConnections } from './redis/redis-connections.js';
import { RedisKeys } from './redis/redis-keys.js';
import { routeChannelCheck } from './rules/route-channel-problems.js';
import { RulesReloader } from './rules/rules-reloader.js';
import { RulesState, type ReloadOutcome } from './rules/rules-state.js';
import { RulesWatcher } from './rules/rules-watcher.js';
import { rulesRejectedAlert } from './self-alerts/self-alert-wording.js';
import { SelfAlerts } from './self-alerts/self-alerts.js';

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
  /** The /readyz answer, at most a second old (see httpAnswerTtlMs). */
  ready(): Promise<Readiness>;
  readonly metrics: WorkerMetrics;
  readonly queues: WorkerQueues;
  readonly rules: RulesState;
  /** The HTTP port once started (PORT=0 binds a free one). */
  readonly port: number | undefined;
  /** The web console's URL once started (CONSOLE_PORT set), e.g. http://127.0.0.1:8787/ */
  readonly consoleUrl: string | undefined;
}

/**
 * How long /readyz and /metrics' queue depths and lag are served again, per process. The port answers
 * anyone who reaches it; each fresh answer costs Redis a few round trips.
 */
const httpAnswerTtlMs = 1000;

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
  const slack =
    deps.slack ??
    (config.slack
      ? new SlackSender({
          token: config.slack.token,
          ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
          ...(config.consoleUrl ? { consoleUrl: config.consoleUrl } : {}),
          logger,
        })
      : undefined);
  const ownedEmail =
    !deps.email && config.email
      ? new EmailSender({
          smtpUrl: config.email.smtpUrl,
          from: config.email.from,
          ...(config.consoleUrl ? { consoleUrl: config.consoleUrl } : {}),
          logger,
        })
      : undefined;
  const email = deps.email ?? ownedEmail;

  const rules = new RulesState();
  const selfAlerts = new SelfAlerts({
    redis,
    keys,
    alertsQueue: queues.alerts,
    clock,
    logger,
    ruleSetVersion: () => rules.current?.version ?? 'none',
  });
  const channels = routeChannelCheck(config.workers, { slack: slack !== undefined, email: email !== undefined });
  const reloader = new RulesReloader({
    dir: config.rulesDir,
    variables: config.routeVariables,
    ...(channels ? { channels } : {}),
    state: rules,
    clock,
    logger,
    metrics,
    onRejected: async (problems) => {
      await selfAlerts.raise(rulesRejectedAlert(problems, rules.current?.version));
    },
    onLoaded: async (version) => {
      await redis.set(keys.rulesVersion(), version);
    },
  });
  const watcher = new RulesWatcher({
    dir: config.rulesDir,
    logger,
    onChange: () =>
      void reloader.reload().catch((error: unknown) => logger.error({ err: error }, 'rules reload failed')),
  });
  const tenantNames = config.tenants.map((t) => t.name);
  const pollAbort = new AbortController();
  const workers: Worker[] = [];

  const ready = cachedAnswer(
    () =>
      checkReadiness({
        redis,
        keys,
        rules,
        tenants: tenantNames,
        clock,
        maxPollAgeMs: 3 * config.poll.intervalMs + 5 * 60_000,
      }),
    { clock, ttlMs: httpAnswerTtlMs },
  );
  const refresh = cachedAnswer(
    () =>
      refreshGauges({ queues, redis, keys, tenants: tenantNames, metrics, clock }).catch((error: unknown) =>
        logger.warn({ err: error }, 'queue depths and lag could not be refreshed'),
      ),
    { clock, ttlMs: httpAnswerTtlMs },
  );
  const http = new HttpServer({
    port: config.http.port,
    host: config.http.host,
    logger,
    readiness: ready,
    metrics: async () => {
      await refresh();
      return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
    },
  });

  const processors = createStageProcessors({
    config,
    redis,
    keys,
    queues,
    rules,
    selfAlerts,
    metrics,
    clock,
    logger,
    ...(slack ? { slack } : {}),
    ...(email ? { email } : {}),
    pollSignal: pollAbort.signal,
  });

  let starting: Promise<void> | undefined;
  let closing: Promise<void> | undefined;
  let webConsole: RunningWorkerConsole | undefined;
  let consoleStarting: Promise<RunningWorkerConsole> | undefined;

  async function start(): Promise<void> {
    try {
      await connections.ready(10_000);
      await checkRedisVersion(redis);
      await reloader.loadRequired();
      await upsertSchedulers(queues, {
        workers: config.workers,
        tenants: tenantNames,
        pollIntervalMs: config.poll.intervalMs,
        archiveIndex: config.archiveIndex !== undefined,
      });
      for (const kind of config.workers) {
        const stage = {
          connection: connections.forWorker(kind),
          queuePrefix: config.redis.queuePrefix,
          jobLockMs: config.jobLockMs,
          tenantCount: config.tenants.length,
          archiveIndex: config.archiveIndex !== undefined,
        };
        workers.push(startStageWorker(kind, processors[kind], { ...stage, metrics, logger, selfAlerts }));
      }
      watcher.start();
      await http.start();
      // Not once close() began; close() waits for a console that is starting and closes it.
      if (config.console && !closing) {
        consoleStarting = startWorkerConsole({
          config: config.console,
          rulesDir: config.rulesDir,
          rules,
          redis,
          keys,
          queues,
          tenants: tenantNames,
          ...(config.tenants.length === 1 ? { tenantId: config.tenants[0]!.connection.tenantId } : {}),
          clock,
          logger,
        });
        webConsole = await consoleStarting;
      }
      logger.info(
        {
          tenants: tenantNames,
          workers: config.workers,
          port: http.port,
          console: webConsole?.url,
          rulesVersion: rules.current?.version,
        },
        'worker ready',
      );
    } catch (error) {
      await close().catch((closeError: unknown) =>
        logger.error({ err: closeError }, 'close after a failed start failed'),
      );
      throw error;
    }
  }

  function close(): Promise<void> {
    closing ??= shutdownWorker({
      http,
      console: {
        close: async () => {
          const running = await consoleStarting?.catch(() => undefined);
          await running?.close();
        },
      },
      rulesWatcher: watcher,
      pollAbort,
      workers,
      queues,
      ...(ownedEmail ? { ownedEmail } : {}),
      connections,
      logger,
      timeoutMs: config.shutdownTimeoutMs,
    });
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
    get consoleUrl() {
      return webConsole?.url;
    },
  };
}
