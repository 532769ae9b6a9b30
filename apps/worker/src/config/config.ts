import {
  defaultPollWindowOptions,
  pollWindowOptionsSchema,
  type PollWindowOptions,
  type RateLimit,
} from '@b2c-alerts/audit-client';
import type { RouteVariables } from '@b2c-alerts/rule-engine';
import { WorkerConfigError } from '../errors/worker-config-error.js';
import type { QueueKind } from '../queues/queues.js';
import { assembleConfig } from './assemble-config.js';
import { consoleConfigOf, type WorkerConsoleConfig } from './console-env.js';
import type { ConfigProblem } from './config-problem.js';
import { defaultPollIntervalMs, workerEnvSchema, type WorkerEnv } from './env-schema.js';
import type { LogLevel } from './log-levels.js';
import { readEnv } from './read-env.js';
import { resolveTenants } from './tenants/resolve-tenants.js';
import type { TenantConfig } from './tenants/tenant-config.js';

/** The worker's validated configuration. Deep-frozen; secrets inside are never logged (redaction-paths.ts lists them for the logger). */
export interface WorkerConfig {
  redis: {
    /** May hold a password: never log it. */
    url: string;
    /** Prefix of the worker's own keys (checkpoint, seen ids, locks, rule state). @defaultValue b2c */
    keyPrefix: string;
    /** BullMQ's `prefix` option for every queue and worker. @defaultValue bull */
    queuePrefix: string;
  };
  tenants: TenantConfig[];
  /** The alert history in Redis: kept this long (ALERT_HISTORY_RETENTION) and this many entries at most. */
  history: { retentionMs: number; maxEntries: number };
  /** The web console's base URL (CONSOLE_URL): Slack and email alerts link to their investigation there. */
  consoleUrl?: string;
  /** The web console this process serves (CONSOLE_PORT set); absent: none. */
  console?: WorkerConsoleConfig;
  graph: {
    rateLimit: RateLimit | false;
    pageSize: number;
    retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  };
  poll: {
    intervalMs: number;
    window: PollWindowOptions;
    /** Consecutive failed polls of a tenant before `self.poll-failing` (credential and permission errors alert at once). */
    failureAlertAfter: number;
    /** `self.lag` fires when a tenant's read position (watermark) is further behind now than this. */
    lagAlertThresholdMs: number;
  };
  rulesDir: string;
  /**
   * Groups (group-by values, first-seen values, throttle keys) a rule keeps at most, unless its file sets
   * `maxGroups`; beyond it the least recently active are evicted and `self.group-cap` says so.
   */
  maxGroupsPerRule: number;
  /**
   * Display names of application and service-principal ids in alerts: the alerts stage waits at most
   * `budgetMs` for them (NAME_LOOKUP_BUDGET), then sends the alert with the ids alone; 0 looks nothing up.
   */
  names: { budgetMs: number };
  /** Archive root; each tenant writes to `<archiveDir>/<tenant name>`. Unset: no archive. */
  archiveDir?: string;
  /**
   * Keeping the archive's query index current (ARCHIVE_INDEX, ARCHIVE_INDEX_GRACE): each closed UTC day is
   * indexed once `graceMs` past its end. Only with `archiveDir`; absent when ARCHIVE_INDEX=off.
   */
  archiveIndex?: { graceMs: number };
  slack?: { token: string; apiUrl?: string };
  email?: { smtpUrl: string; from: string };
  alertSlackChannel?: string;
  alertEmailTo: string[];
  /** Variables routes.yaml may reference as `${VAR}`: names starting with ROUTE_VARIABLES_PREFIX, never a secret. */
  routeVariables: RouteVariables;
  http: { port: number; host: string };
  logLevel: LogLevel;
  /** Which queues this process works on (all by default); e.g. `poll,evaluate` for a reader-only deployment. */
  workers: QueueKind[];
  /** Bound on close(); after it, close gives up on what is left and reports it. */
  shutdownTimeoutMs: number;
  /**
   * BullMQ's lockDuration and stalledInterval: a job's lock lasts this long unless renewed (every half of
   * it), so the active jobs of a crashed (SIGKILLed) worker go back to the queue after one to two of these.
   */
  jobLockMs: number;
}

/**
 * Validates the worker's environment once, at start: each variable (env-schema.ts), the tenants, then
 * the checks across variables. Every problem is reported at once (WorkerConfigError, WK_ERR_CONFIG, with
 * `problems`), each naming its variable and what to set; no value is ever echoed. Reads TENANTS_FILE and
 * certificate files. The result is deep-frozen.
 */
export function parseWorkerConfig(env: Readonly<Record<string, string | undefined>>): WorkerConfig {
  const problems: ConfigProblem[] = [];
  const add = (variable: string, message: string) => {
    if (!problems.some((p) => p.variable === variable && p.message === message)) problems.push({ variable, message });
  };

  const read = readEnv(workerEnvSchema, env);
  for (const problem of read.problems) add(problem.variable, problem.message);
  const { values } = read;
  const { tenants, referenced } = resolveTenants(env, values, add);
  const window = resolveWindow(values, add);
  checkAcrossVariables(values, window, add);
  const consoleConfig = consoleConfigOf(
    values,
    tenants.map((t) => t.name),
    add,
  );

  if (problems.length > 0 || read.complete === undefined) throw new WorkerConfigError(problems);
  return assembleConfig({
    env,
    values: read.complete,
    tenants,
    window,
    secretVariables: referenced,
    ...(consoleConfig ? { console: consoleConfig } : {}),
  });
}

function resolveWindow(
  values: Partial<WorkerEnv>,
  add: (variable: string, message: string) => void,
): PollWindowOptions {
  const window: PollWindowOptions = {
    ...defaultPollWindowOptions,
    delayMs: values.POLL_DELAY ?? defaultPollWindowOptions.delayMs,
    overlapMs: values.POLL_OVERLAP ?? defaultPollWindowOptions.overlapMs,
    initialLookbackMs: values.POLL_INITIAL_LOOKBACK ?? defaultPollWindowOptions.initialLookbackMs,
    maxSpanMs: values.POLL_MAX_SPAN ?? defaultPollWindowOptions.maxSpanMs,
  };
  if (!pollWindowOptionsSchema.safeParse(window).success)
    add('POLL_DELAY', 'must be well below the 7-day retention of audit events');
  return window;
}

/** What one variable cannot say on its own: the channels' settings go together, and the lag alert must leave room for a healthy poller. */
function checkAcrossVariables(
  values: Partial<WorkerEnv>,
  window: PollWindowOptions,
  add: (variable: string, message: string) => void,
): void {
  const token = values.SLACK_BOT_TOKEN;
  if (values.ALERT_SLACK_CHANNEL !== undefined && token === undefined) {
    add(
      'SLACK_BOT_TOKEN',
      'is not set, but ALERT_SLACK_CHANNEL is; set it to the Slack bot token (xoxb-…) that may post in that channel',
    );
  }
  if (token !== undefined && !/^xox/.test(token))
    add('SLACK_BOT_TOKEN', 'is not a Slack bot token (xoxb-…); copy it from the Slack app’s OAuth & Permissions page');
  const emailTo = values.ALERT_EMAIL_TO ?? [];
  if (emailTo.length > 0 && values.SMTP_URL === undefined)
    add(
      'SMTP_URL',
      'is not set, but ALERT_EMAIL_TO is; set it to the SMTP server, e.g. smtps://user:password@mail.example.com:465',
    );
  if ((emailTo.length > 0 || values.SMTP_URL !== undefined) && values.ALERT_EMAIL_FROM === undefined) {
    add(
      'ALERT_EMAIL_FROM',
      'is not set, but email is configured; set it to the sender address, e.g. "B2C alerts <alerts@example.com>"',
    );
  }
  const pollInterval = values.POLL_INTERVAL ?? defaultPollIntervalMs;
  if (values.LAG_ALERT_THRESHOLD !== undefined && values.LAG_ALERT_THRESHOLD <= window.delayMs + pollInterval) {
    add(
      'LAG_ALERT_THRESHOLD',
      'must be longer than POLL_DELAY + POLL_INTERVAL: a healthy poller is always that far behind',
    );
  }
}
