import type { Clock } from '@b2c-alerts/audit-client';
import type { EmailSender, SlackSender } from '@b2c-alerts/notify';
import type { Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AlertHistoryWriter } from '../alert-history/alert-history-writer.js';
import { createAlertsProcessor } from '../alerts/alerts-processor.js';
import { createArchiveIndexProcessor } from '../archive-index/archive-index-processor.js';
import type { WorkerConfig } from '../config/config.js';
import { createDeliverProcessor } from '../deliver/deliver-processor.js';
import { createEvaluateProcessor } from '../evaluate/evaluate-processor.js';
import { evaluateQueueProcessor } from '../evaluate/evaluate-queue-processor.js';
import { EvaluatorCache } from '../evaluate/evaluator-cache.js';
import type { WorkerMetrics } from '../http/metrics.js';
import { createPollProcessor } from '../poll/poll-processor.js';
import { pollQueueProcessor } from '../poll/poll-queue-processor.js';
import { createTenantRuntime, type TenantRuntime } from '../poll/tenant-runtime.js';
import type { RedisKeys } from '../redis/redis-keys.js';
import type { RulesState } from '../rules/rules-state.js';
import type { SelfAlerts } from '../self-alerts/self-alerts.js';
import { createTickProcessor } from '../tick/tick-processor.js';
import type { QueueKind, WorkerQueues } from './queues.js';

export interface StageProcessorsDeps {
  config: WorkerConfig;
  /** The fail-fast producer connection. */
  redis: Redis;
  keys: RedisKeys;
  queues: WorkerQueues;
  rules: RulesState;
  selfAlerts: SelfAlerts;
  metrics: WorkerMetrics;
  clock: Clock;
  logger: Logger;
  slack?: SlackSender;
  email?: EmailSender;
  /** Aborted when the app closes: an active poll stops at its next request. */
  pollSignal: AbortSignal;
}

/**
 * The processor of each stage's queue, built whether or not this process runs that stage's worker (a
 * process runs those in WORKER_QUEUES). Per-tenant readers and stores are built here once per process.
 */
export function createStageProcessors(deps: StageProcessorsDeps): Record<QueueKind, Processor> {
  const { config, redis, keys, queues, rules, metrics, clock, logger } = deps;
  const runtimes = new Map<string, TenantRuntime>(
    config.tenants.map((t) => [
      t.name,
      createTenantRuntime(t, {
        redis,
        keys,
        graph: config.graph,
        window: config.poll.window,
        archiveDir: config.archiveDir,
        clock,
        logger,
        signal: deps.pollSignal,
      }),
    ]),
  );
  const history = new AlertHistoryWriter(redis, keys, { clock, retention: config.history });
  const evaluators = new EvaluatorCache(redis, keys, { maxGroups: config.maxGroupsPerRule });
  return {
    poll: pollQueueProcessor(
      createPollProcessor({
        tenants: runtimes,
        redis,
        keys,
        evaluateQueue: queues.evaluate,
        metrics,
        selfAlerts: deps.selfAlerts,
        clock,
        window: config.poll.window,
        pollIntervalMs: config.poll.intervalMs,
        failureAlertAfter: config.poll.failureAlertAfter,
        lagAlertThresholdMs: config.poll.lagAlertThresholdMs,
        logger,
        signal: deps.pollSignal,
      }),
      config.archiveDir !== undefined && config.archiveIndex !== undefined
        ? createArchiveIndexProcessor({
            archiveDir: config.archiveDir,
            graceMs: config.archiveIndex.graceMs,
            redis,
            keys,
            clock,
            logger,
            signal: deps.pollSignal,
          })
        : undefined,
    ),
    evaluate: evaluateQueueProcessor(
      createEvaluateProcessor({
        rules,
        evaluators,
        tenants: new Map(config.tenants.map((t) => [t.name, t])),
        alertsQueue: queues.alerts,
        metrics,
        selfAlerts: deps.selfAlerts,
        maxGroups: config.maxGroupsPerRule,
        logger,
      }),
      createTickProcessor({
        rules,
        evaluators,
        alertsQueue: queues.alerts,
        delayMs: config.poll.window.delayMs,
        logger,
      }),
    ),
    alerts: createAlertsProcessor({
      redis,
      keys,
      alertsQueue: queues.alerts,
      deliverQueue: queues.deliver,
      rules,
      metrics,
      logger,
      clock,
      history,
      ...(config.names.budgetMs > 0
        ? { names: { resolverFor: (t: string) => runtimes.get(t)?.names, budgetMs: config.names.budgetMs, metrics } }
        : {}),
    }) as Processor,
    deliver: createDeliverProcessor({
      redis,
      keys,
      ...(deps.slack ? { slack: deps.slack } : {}),
      ...(deps.email ? { email: deps.email } : {}),
      metrics,
      logger,
      history,
    }) as Processor,
  };
}
