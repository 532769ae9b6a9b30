import { consoleEnv } from './console-env.js';
import { defaultPollWindowOptions, type RateLimit } from '@b2c-alerts/audit-client';
import { defaultMaxGroups } from '@b2c-alerts/rule-engine';
import { z } from 'zod';
import { defaultHistoryMaxEntries, defaultHistoryRetentionMs } from '../alert-history/alert-history-options.js';
import { queueKinds, type QueueKind } from '../queues/queues.js';
import {
  credentialsOverTls,
  durationVariable,
  httpsUrlVariable,
  optionalText,
  prefixVariable,
  urlVariable,
  wholeNumberVariable,
} from './env-fields.js';
import { logLevelEnv } from './log-levels.js';
import { routeVariablesEnv } from './route-variables.js';
import { tenantEnv } from './tenants/tenant-variables.js';

const emailPattern = /^[^\s@,<>]+@[^\s@,<>]+\.[^\s@,<>]+$/;

export const defaultPollIntervalMs = 60_000;

/** A Redis password off loopback goes over TLS (rediss://), or anyone on the path reads it and every job. */
const redisCredentialsOverTls = credentialsOverTls({
  carriesCredentials: (url) => url.password !== '',
  overTls: (url) => url.protocol === 'rediss:',
  message:
    'carries a password for a Redis that is not on this machine, which redis:// sends in clear text; ' +
    'write rediss://:password@host:port (Redis over TLS)',
});

/**
 * SMTP credentials off loopback go over TLS: smtps://, or smtp:// with STARTTLS required. Plain
 * smtp:// upgrades only when the server offers STARTTLS, and sends AUTH in clear text when it does not.
 */
const smtpCredentialsOverTls = credentialsOverTls({
  carriesCredentials: (url) => url.username !== '' || url.password !== '',
  overTls: (url) => url.protocol === 'smtps:' || url.searchParams.get('requireTLS') === 'true',
  message:
    'carries a user and password for a mail server that is not on this machine, which smtp:// may send in clear text; ' +
    'write smtps://user:password@host:465, or smtp://user:password@host:587?requireTLS=true (STARTTLS required)',
});

/** Where the worker's queues are: REDIS_URL and BULLMQ_PREFIX, a fragment the CLI's queue commands read too. */
export const queueEnv = {
  REDIS_URL: urlVariable(['redis:', 'rediss:'], 'redis://127.0.0.1:6379')
    .refine(...redisCredentialsOverTls)
    .transform((v) => v ?? 'redis://127.0.0.1:6379'),
  BULLMQ_PREFIX: prefixVariable('bull'),
};

/**
 * Where the alert history is and how long it is kept: REDIS_URL, REDIS_KEY_PREFIX and the retention, a
 * fragment the CLI's `alerts list` reads too.
 */
export const historyEnv = {
  REDIS_URL: queueEnv.REDIS_URL,
  REDIS_KEY_PREFIX: prefixVariable('b2c'),
  ALERT_HISTORY_RETENTION: durationVariable(defaultHistoryRetentionMs, 60 * 60_000),
  ALERT_HISTORY_MAX_ENTRIES: wholeNumberVariable(
    defaultHistoryMaxEntries,
    1000,
    100_000_000,
    'the number of alerts (and of delivery outcomes) the alert history keeps at most',
  ),
};

/**
 * The web console's base URL, linked from every alert (`<CONSOLE_URL>/#/alerts/<id>`): https, or http to
 * a loopback host; no user, password, query or fragment (the links add their own).
 */
const consoleUrlVariable = httpsUrlVariable('https://alerts.example.com').refine(
  (value) => {
    if (value === undefined || !URL.canParse(value)) return true;
    const url = new URL(value);
    return url.username === '' && url.password === '' && url.search === '' && url.hash === '' && !value.includes('#');
  },
  { message: 'must be the console’s base URL such as https://alerts.example.com, with no user, password, ? or #' },
);

/** RULES_DIR, else `rules` (relative to the working directory): a fragment the CLI's rule commands read too. */
export const rulesDirEnv = {
  RULES_DIR: optionalText.transform((v) => v ?? 'rules'),
};

/**
 * Every variable the worker reads, each on its own; checks across variables are parseWorkerConfig's.
 * Defaults live here and only here.
 */
export const workerEnvSchema = z.object({
  REDIS_URL: queueEnv.REDIS_URL,
  REDIS_KEY_PREFIX: historyEnv.REDIS_KEY_PREFIX,
  BULLMQ_PREFIX: queueEnv.BULLMQ_PREFIX,
  ALERT_HISTORY_RETENTION: historyEnv.ALERT_HISTORY_RETENTION,
  ALERT_HISTORY_MAX_ENTRIES: historyEnv.ALERT_HISTORY_MAX_ENTRIES,
  CONSOLE_URL: consoleUrlVariable,
  ...consoleEnv,
  ...tenantEnv,
  TENANT_NAME: optionalText,
  TENANTS_FILE: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_API_URL: httpsUrlVariable('https://slack.com/api/'),
  SMTP_URL: urlVariable(['smtp:', 'smtps:'], 'smtps://user:password@mail.example.com:465').refine(
    ...smtpCredentialsOverTls,
  ),
  ALERT_EMAIL_FROM: optionalText.refine((v) => v === undefined || /[^\s@<>]+@[^\s@<>]+/.test(v), {
    message: 'must be a sender address such as "B2C alerts <alerts@example.com>"',
  }),
  ALERT_EMAIL_TO: optionalText.transform((value, ctx) => {
    const list = (value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (list.some((address) => !emailPattern.test(address))) {
      ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of email addresses' });
      return z.NEVER;
    }
    return list;
  }),
  ALERT_SLACK_CHANNEL: optionalText,
  ...routeVariablesEnv,
  POLL_INTERVAL: durationVariable(defaultPollIntervalMs, 1000),
  POLL_DELAY: durationVariable(defaultPollWindowOptions.delayMs, 0),
  POLL_OVERLAP: durationVariable(defaultPollWindowOptions.overlapMs, 0),
  POLL_INITIAL_LOOKBACK: durationVariable(defaultPollWindowOptions.initialLookbackMs, 0),
  POLL_MAX_SPAN: durationVariable(defaultPollWindowOptions.maxSpanMs, 60_000),
  POLL_FAILURE_ALERT_AFTER: wholeNumberVariable(
    3,
    1,
    1000,
    'the number of consecutive failed polls before a self-alert',
  ),
  LAG_ALERT_THRESHOLD: durationVariable(30 * 60_000, 60_000),
  GRAPH_RATE_LIMIT: optionalText.transform((value, ctx): RateLimit | false => {
    if (value === undefined) return { requests: 5, intervalMs: 10_000 };
    if (value.toLowerCase() === 'off') return false;
    const m = /^(\d+)\s*\/\s*(\d+)s?$/i.exec(value);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be <requests>/<seconds> such as 5/10 (Graph allows 5 per 10 s per tenant), or off',
      });
      return z.NEVER;
    }
    return { requests: Number(m[1]), intervalMs: Number(m[2]) * 1000 };
  }),
  ...rulesDirEnv,
  // The rule file's `maxGroups` bounds (1 to 1,000,000) and default; a rule's own `maxGroups` wins.
  MAX_GROUPS_PER_RULE: wholeNumberVariable(
    defaultMaxGroups,
    1,
    1_000_000,
    'the number of groups each rule keeps at most (a rule file may set its own maxGroups)',
  ),
  // How long the alerts stage waits for the display names of an alert's application and service-principal
  // ids; 0 turns the lookups off. Past it the alert goes out with the ids alone.
  NAME_LOOKUP_BUDGET: durationVariable(2000, 0),
  ARCHIVE_DIR: optionalText,
  // Whether the worker keeps ARCHIVE_DIR's query index current (on by default when ARCHIVE_DIR is set).
  ARCHIVE_INDEX: optionalText.transform((value, ctx) => {
    const v = value?.toLowerCase();
    if (v === undefined || v === 'on' || v === 'true' || v === '1') return true;
    if (v === 'off' || v === 'false' || v === '0') return false;
    ctx.addIssue({ code: 'custom', message: 'must be on or off (true/false, 1/0)' });
    return z.NEVER;
  }),
  // How long after a UTC day ends the worker waits for late events before it indexes the day.
  ARCHIVE_INDEX_GRACE: durationVariable(60 * 60_000, 0),
  PORT: wholeNumberVariable(9464, 0, 65_535, 'the HTTP port for /healthz, /readyz and /metrics'),
  // Loopback unless told otherwise: the port has no authentication, and /readyz and /metrics name
  // tenants and rules. HTTP_HOST=0.0.0.0 (or an interface address) exposes it, e.g. to a kubelet.
  HTTP_HOST: optionalText.transform((v) => v ?? '127.0.0.1'),
  ...logLevelEnv,
  WORKER_QUEUES: optionalText.transform((value, ctx): QueueKind[] => {
    if (value === undefined) return [...queueKinds];
    const list = value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (list.length === 0 || list.some((q) => !(queueKinds as readonly string[]).includes(q))) {
      ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of ${queueKinds.join(', ')}` });
      return z.NEVER;
    }
    return [...new Set(list)] as QueueKind[];
  }),
  SHUTDOWN_TIMEOUT: durationVariable(25_000, 1000),
  JOB_LOCK_DURATION: durationVariable(30_000, 2000),
});

/** The worker's variables, read. */
export type WorkerEnv = z.output<typeof workerEnvSchema>;
