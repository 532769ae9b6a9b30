// The public API of @b2c-alerts/worker. Anything not exported here is internal (processors, stores,
// locks and the HTTP server are reached through createWorkerApp).
export { createWorkerApp, type WorkerApp, type WorkerAppDeps } from './app.js';
export { parseWorkerConfig, type WorkerConfig } from './config/config.js';
export type { TenantConfig } from './config/tenants/tenant-config.js';
// The env vocabulary the CLI composes its own environment from.
export { logLevelEnv, type LogLevel } from './config/log-levels.js';
export { configProblemLines, type ConfigProblem } from './config/config-problem.js';
export { tenantEnv } from './config/tenants/tenant-variables.js';
export { parseAuditServices } from './config/tenants/audit-services.js';
export { tenantFromEnv } from './config/tenants/tenant-from-env.js';
export { configuredTenantNames } from './config/tenants/configured-tenant-names.js';
export { historyEnv, queueEnv, rulesDirEnv } from './config/env-schema.js';
export { routeVariablesEnv, routeVariablesOf } from './config/route-variables.js';
export { unsetIfEmpty } from './config/env-fields.js';
export { readEnv, type EnvRead } from './config/read-env.js';
export { deepFreeze } from './config/deep-freeze.js';
export { redactPaths } from './config/redaction-paths.js';
export { loggerOptions } from './logger.js';
export type { WorkerMetrics } from './http/metrics.js';
export {
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
export { RedisKeys } from './redis/redis-keys.js';
export type { RulesBundle, ReloadOutcome, RulesState } from './rules/rules-state.js';
export type { Readiness } from './http/readiness.js';
export { WorkerError, isWorkerError, type WorkerErrorCode } from './errors/worker-error.js';
export { WorkerConfigError } from './errors/worker-config-error.js';
export { RulesInvalidError } from './errors/rules-invalid-error.js';
export type { DeadLetterRow } from './dead-letters/list-dead-letters.js';
export {
  listFailedJobs,
  type FailedJobRow,
  type DeliverFailedJobRow,
  type StageFailedJobRow,
} from './dead-letters/list-failed-jobs.js';
export { retryFailedJobs, type RetryFailedJobsResult } from './dead-letters/retry-failed-jobs.js';
export {
  openDeadLetterQueues,
  type DeadLetterQueues,
  type DeadLetterQueuesHandle,
} from './dead-letters/open-dead-letter-queues.js';
export { AlertHistory, type AlertHistoryQuery, type AlertHistoryPage } from './alert-history/alert-history.js';
export type {
  AlertHistoryRecord,
  AlertHistoryState,
  DeliveryHistoryRecord,
  DeliveryHistoryState,
} from './alert-history/alert-history-record.js';
export { HistoryQueryError } from './alert-history/history-query-error.js';
export { openAlertHistory, type AlertHistoryHandle } from './alert-history/open-alert-history.js';
// Writes history as the worker does: for tools and tests that seed it (the console, the CLI's tests).
export { AlertHistoryWriter, type DeliveryOutcome } from './alert-history/alert-history-writer.js';
export type { AlertHistoryRetention } from './alert-history/alert-history-options.js';
export { readWorkerHealth, type WorkerHealth, type WorkerHealthDeps } from './health/worker-health.js';
export { openWorkerHealth, type WorkerHealthHandle } from './health/open-worker-health.js';
export { consoleAlertHistory } from './console/console-alert-history.js';
