// The public API of @b2c-alerts/worker. Anything not exported here is internal (processors, stores,
// locks and the HTTP server are reached through createWorkerApp).
export { createWorkerApp, pollSchedulerId, tickSchedulerId, type WorkerApp, type WorkerAppDeps } from './app.js';
export { parseWorkerConfig, logLevels, type WorkerConfig, type LogLevel } from './config/config.js';
export type { TenantConfig } from './config/tenant-config.js';
export { createLogger, redactPaths } from './logger.js';
export { createMetrics, type WorkerMetrics } from './http/metrics.js';
export {
  queueNames,
  queueKinds,
  queueJobOptions,
  jobNames,
  evaluateBatchSize,
  createQueues,
  type QueueKind,
  type WorkerQueues,
  type PollJobData,
  type EvaluateJobData,
  type TickJobData,
  type AlertJobData,
  type DeliverJobData,
  type DeliveryChannel,
} from './queues/queues.js';
export { evaluateJobId, alertIdOf, alertJobId } from './queues/job-ids.js';
export { RedisKeys } from './redis/redis-keys.js';
export { RedisCheckpointStore } from './redis/redis-checkpoint-store.js';
export { RedisSeenStore, type RedisSeenStoreOptions } from './redis/redis-seen-store.js';
export type { RulesBundle, ReloadOutcome, RulesState } from './rules/rules-state.js';
export { selfAlertRule, selfAlertRuleIds, workerTenant, type SelfAlertRuleId } from './self-alerts/self-alerts.js';
export type { PollJobResult, PolledWindow } from './poll/poll-processor.js';
export type { Readiness } from './http/readiness.js';
export { WorkerError, isWorkerError, type WorkerErrorCode } from './errors/worker-error.js';
export { WorkerConfigError, type ConfigProblem } from './errors/worker-config-error.js';
export { RulesInvalidError } from './errors/rules-invalid-error.js';
export { listDeadLetters, type DeadLetterRow } from './dead-letters/list-dead-letters.js';
export { listFailedJobs, type FailedJobRow, type DeliverFailedJobRow, type StageFailedJobRow } from './dead-letters/list-failed-jobs.js';
export { retryFailedJobs, type RetryFailedJobsResult } from './dead-letters/retry-failed-jobs.js';
export { openDeadLetterQueues, type DeadLetterQueues, type DeadLetterQueuesHandle } from './dead-letters/open-dead-letter-queues.js';
