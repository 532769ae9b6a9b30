import type { PollWindowOptions } from '@b2c-alerts/audit-client';
import type { WorkerConfig } from './config.js';
import type { WorkerConsoleConfig } from './console-env.js';
import { deepFreeze } from './deep-freeze.js';
import type { WorkerEnv } from './env-schema.js';
import { routeVariablesOf } from './route-variables.js';
import type { TenantConfig } from './tenants/tenant-config.js';

export interface ConfigParts {
  env: Readonly<Record<string, string | undefined>>;
  values: WorkerEnv;
  tenants: TenantConfig[];
  window: PollWindowOptions;
  /** Variables that hold secrets besides the known ones (those TENANTS_FILE refers to). */
  secretVariables: string[];
  console?: WorkerConsoleConfig;
}

/** The deep-frozen WorkerConfig of variables that were all read and checked together. */
export function assembleConfig({
  env,
  values,
  tenants,
  window,
  secretVariables: moreSecrets,
  console,
}: ConfigParts): WorkerConfig {
  const routeVariables = routeVariablesOf(env, values.ROUTE_VARIABLES_PREFIX, moreSecrets);
  const token = values.SLACK_BOT_TOKEN;
  const config: WorkerConfig = {
    redis: { url: values.REDIS_URL, keyPrefix: values.REDIS_KEY_PREFIX, queuePrefix: values.BULLMQ_PREFIX },
    tenants,
    history: { retentionMs: values.ALERT_HISTORY_RETENTION, maxEntries: values.ALERT_HISTORY_MAX_ENTRIES },
    ...(values.CONSOLE_URL !== undefined ? { consoleUrl: values.CONSOLE_URL.replace(/\/+$/, '') } : {}),
    ...(console ? { console } : {}),
    graph: { rateLimit: values.GRAPH_RATE_LIMIT, pageSize: 1000 },
    poll: {
      intervalMs: values.POLL_INTERVAL,
      window,
      failureAlertAfter: values.POLL_FAILURE_ALERT_AFTER,
      lagAlertThresholdMs: values.LAG_ALERT_THRESHOLD,
    },
    rulesDir: values.RULES_DIR,
    maxGroupsPerRule: values.MAX_GROUPS_PER_RULE,
    names: { budgetMs: values.NAME_LOOKUP_BUDGET },
    ...(values.ARCHIVE_DIR !== undefined ? { archiveDir: values.ARCHIVE_DIR } : {}),
    ...(values.ARCHIVE_DIR !== undefined && values.ARCHIVE_INDEX
      ? { archiveIndex: { graceMs: values.ARCHIVE_INDEX_GRACE } }
      : {}),
    ...(token !== undefined
      ? { slack: { token, ...(values.SLACK_API_URL !== undefined ? { apiUrl: values.SLACK_API_URL } : {}) } }
      : {}),
    ...(values.SMTP_URL !== undefined && values.ALERT_EMAIL_FROM !== undefined
      ? { email: { smtpUrl: values.SMTP_URL, from: values.ALERT_EMAIL_FROM } }
      : {}),
    ...(values.ALERT_SLACK_CHANNEL !== undefined ? { alertSlackChannel: values.ALERT_SLACK_CHANNEL } : {}),
    alertEmailTo: values.ALERT_EMAIL_TO,
    routeVariables,
    http: { port: values.PORT, host: values.HTTP_HOST },
    logLevel: values.LOG_LEVEL,
    workers: values.WORKER_QUEUES,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT,
    jobLockMs: values.JOB_LOCK_DURATION,
  };
  return deepFreeze(config);
}
