import { clouds, defaultPollWindowOptions, isLoopbackHost, pollWindowOptionsSchema, type CloudName, type PollWindowOptions, type RateLimit } from '@b2c-alerts/audit-client';
import { z } from 'zod';
import { deepFreeze } from './deep-freeze.js';
import { parseEnvDuration } from './env-duration.js';
import { WorkerConfigError, type ConfigProblem } from '../errors/worker-config-error.js';
import { queueKinds, type QueueKind } from '../queues/queues.js';
import { resolveTenant, tenantNamePattern, type TenantConfig, type TenantInput } from './tenant-config.js';
import { readTenantsFile } from './tenants-file.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** The worker's validated configuration. Deep-frozen; secrets inside are never logged (logger.ts redacts them). */
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
  graph: { rateLimit: RateLimit | false; pageSize: number; retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number } };
  poll: {
    intervalMs: number;
    window: PollWindowOptions;
    /** Consecutive failed polls of a tenant before `self.poll-failing` (credential and permission errors alert at once). */
    failureAlertAfter: number;
    /** `self.lag` fires when a tenant's read position (watermark) is further behind now than this. */
    lagAlertThresholdMs: number;
  };
  rulesDir: string;
  /** Archive root; each tenant writes to `<archiveDir>/<tenant name>`. Unset: no archive. */
  archiveDir?: string;
  slack?: { token: string; apiUrl?: string };
  email?: { smtpUrl: string; from: string };
  alertSlackChannel?: string;
  alertEmailTo: string[];
  /** Variables routes.yaml may reference as `${VAR}`: the environment minus every secret. */
  routeVariables: Readonly<Record<string, string | undefined>>;
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

const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value);
const optional = z.preprocess(unsetIfEmpty, z.string().optional());

function duration(defaultMs: number, minMs: number, hint: string) {
  return optional.transform((value, ctx) => {
    if (value === undefined) return defaultMs;
    const ms = parseEnvDuration(value);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `is not a duration; write ${hint} (units w, d, h, m, s; a bare number is seconds)` });
      return z.NEVER;
    }
    if (ms < minMs) {
      ctx.addIssue({ code: 'custom', message: `is too short; it must be at least ${minMs / 1000}s` });
      return z.NEVER;
    }
    return ms;
  });
}

function integer(defaultValue: number, min: number, max: number, what: string) {
  return optional.transform((value, ctx) => {
    if (value === undefined) return defaultValue;
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= min && n <= max)) {
      ctx.addIssue({ code: 'custom', message: `must be ${what}, a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });
}

function httpBaseUrl(example: string) {
  return optional.refine(
    (value) => {
      if (value === undefined) return true;
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
      } catch {
        return false;
      }
    },
    { message: `must be an https URL such as ${example} (http only to a loopback host)` },
  );
}

function urlWithProtocols(protocols: string[], example: string) {
  return optional.refine(
    (value) => {
      if (value === undefined) return true;
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL such as ${example}` },
  );
}

const cloudNames = Object.keys(clouds) as [CloudName, ...CloudName[]];
const prefixPattern = /^[A-Za-z0-9._:-]{1,64}$/;
const emailPattern = /^[^\s@,<>]+@[^\s@,<>]+\.[^\s@,<>]+$/;

/** Defaults live here and only here. Messages follow the variable name and never quote a value. */
const environmentSchema = z.object({
  REDIS_URL: urlWithProtocols(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').transform((v) => v ?? 'redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: optional
    .refine((v) => v === undefined || prefixPattern.test(v), { message: 'must be 1–64 letters, digits, dots, colons, dashes or underscores' })
    .transform((v) => v ?? 'b2c'),
  BULLMQ_PREFIX: optional
    .refine((v) => v === undefined || prefixPattern.test(v), { message: 'must be 1–64 letters, digits, dots, colons, dashes or underscores' })
    .transform((v) => v ?? 'bull'),
  AZURE_TENANT_ID: optional,
  AZURE_CLIENT_ID: optional,
  AZURE_CLIENT_SECRET: optional,
  AZURE_CLIENT_CERTIFICATE_PATH: optional,
  AZURE_AUTHORITY_HOST: optional,
  AZURE_CLOUD: z.preprocess(unsetIfEmpty, z.enum(cloudNames, { error: `must be one of ${cloudNames.join(', ')}` }).optional()),
  GRAPH_BASE_URL: optional,
  B2C_LOGGED_BY_SERVICE: optional,
  TENANT_NAME: optional,
  TENANTS_FILE: optional,
  SLACK_BOT_TOKEN: optional,
  SLACK_API_URL: httpBaseUrl('https://slack.com/api/'),
  SMTP_URL: urlWithProtocols(['smtp:', 'smtps:'], 'smtps://user:password@mail.example.com:465'),
  ALERT_EMAIL_FROM: optional.refine((v) => v === undefined || /[^\s@<>]+@[^\s@<>]+/.test(v), {
    message: 'must be a sender address such as "B2C alerts <alerts@example.com>"',
  }),
  ALERT_EMAIL_TO: optional.transform((value, ctx) => {
    const list = (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (list.some((address) => !emailPattern.test(address))) {
      ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of email addresses' });
      return z.NEVER;
    }
    return list;
  }),
  ALERT_SLACK_CHANNEL: optional,
  POLL_INTERVAL: duration(60_000, 1000, 'an interval such as 60s or 2m'),
  POLL_DELAY: duration(defaultPollWindowOptions.delayMs, 0, 'a delay such as 7m'),
  POLL_OVERLAP: duration(defaultPollWindowOptions.overlapMs, 0, 'an overlap such as 30m'),
  POLL_INITIAL_LOOKBACK: duration(defaultPollWindowOptions.initialLookbackMs, 0, 'a lookback such as 1h'),
  POLL_MAX_SPAN: duration(defaultPollWindowOptions.maxSpanMs, 60_000, 'a span such as 6h'),
  POLL_FAILURE_ALERT_AFTER: integer(3, 1, 1000, 'the number of consecutive failed polls before a self-alert'),
  LAG_ALERT_THRESHOLD: duration(30 * 60_000, 60_000, 'a threshold such as 30m'),
  GRAPH_RATE_LIMIT: optional.transform((value, ctx): RateLimit | false => {
    if (value === undefined) return { requests: 5, intervalMs: 10_000 };
    if (value.toLowerCase() === 'off') return false;
    const m = /^(\d+)\s*\/\s*(\d+)s?$/i.exec(value);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
      ctx.addIssue({ code: 'custom', message: 'must be <requests>/<seconds> such as 5/10 (Graph allows 5 per 10 s per tenant), or off' });
      return z.NEVER;
    }
    return { requests: Number(m[1]), intervalMs: Number(m[2]) * 1000 };
  }),
  RULES_DIR: optional.transform((v) => v ?? 'rules'),
  ARCHIVE_DIR: optional,
  PORT: integer(9464, 0, 65_535, 'the HTTP port for /healthz, /readyz and /metrics'),
  HTTP_HOST: optional.transform((v) => v ?? '0.0.0.0'),
  LOG_LEVEL: optional.pipe(
    z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info')),
  ),
  WORKER_QUEUES: optional.transform((value, ctx): QueueKind[] => {
    if (value === undefined) return [...queueKinds];
    const list = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (list.length === 0 || list.some((q) => !(queueKinds as readonly string[]).includes(q))) {
      ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of ${queueKinds.join(', ')}` });
      return z.NEVER;
    }
    return [...new Set(list)] as QueueKind[];
  }),
  SHUTDOWN_TIMEOUT: duration(25_000, 1000, 'a timeout such as 25s'),
  JOB_LOCK_DURATION: duration(30_000, 2000, 'a duration such as 30s'),
});

type Values = { [K in keyof typeof environmentSchema.shape]?: z.output<(typeof environmentSchema.shape)[K]> };

/** Variables whose values are secrets, besides any whose name says so (secretName). */
const secretVariables = new Set(['AZURE_CLIENT_SECRET', 'SLACK_BOT_TOKEN', 'SMTP_URL', 'REDIS_URL']);
const secretName = /SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|API_?KEY|_KEY$/i;

const tenantVariables: Record<keyof TenantInput, string> = {
  name: 'TENANT_NAME',
  tenantId: 'AZURE_TENANT_ID',
  clientId: 'AZURE_CLIENT_ID',
  clientSecret: 'AZURE_CLIENT_SECRET',
  certificatePath: 'AZURE_CLIENT_CERTIFICATE_PATH',
  cloud: 'AZURE_CLOUD',
  authorityHost: 'AZURE_AUTHORITY_HOST',
  graphBaseUrl: 'GRAPH_BASE_URL',
  loggedByService: 'B2C_LOGGED_BY_SERVICE',
};

/**
 * Validates the worker's environment once, at start. Every problem is reported at once
 * (WorkerConfigError, WK_ERR_CONFIG, with `problems`), each naming its variable and what to set; no
 * value is ever echoed. Reads TENANTS_FILE and certificate files. The result is deep-frozen.
 */
export function parseWorkerConfig(env: Readonly<Record<string, string | undefined>>): WorkerConfig {
  const problems: ConfigProblem[] = [];
  const add = (variable: string, message: string) => {
    if (!problems.some((p) => p.variable === variable && p.message === message)) problems.push({ variable, message });
  };

  const values: Values = {};
  for (const key of Object.keys(environmentSchema.shape) as Array<keyof typeof environmentSchema.shape>) {
    const field = environmentSchema.shape[key].safeParse(env[key]);
    if (field.success) (values as Record<string, unknown>)[key] = field.data;
    else for (const issue of field.error.issues) add(key, issue.message);
  }

  const secretsFromFile: string[] = [];
  const tenants = resolveTenants(env, values, add, secretsFromFile);
  const window = resolveWindow(values, add);

  const token = values.SLACK_BOT_TOKEN;
  if (values.ALERT_SLACK_CHANNEL !== undefined && token === undefined) {
    add('SLACK_BOT_TOKEN', 'is not set, but ALERT_SLACK_CHANNEL is; set it to the Slack bot token (xoxb-…) that may post in that channel');
  }
  if (token !== undefined && !/^xox/.test(token)) add('SLACK_BOT_TOKEN', 'is not a Slack bot token (xoxb-…); copy it from the Slack app’s OAuth & Permissions page');
  const emailTo = values.ALERT_EMAIL_TO ?? [];
  if (emailTo.length > 0 && values.SMTP_URL === undefined) add('SMTP_URL', 'is not set, but ALERT_EMAIL_TO is; set it to the SMTP server, e.g. smtps://user:password@mail.example.com:465');
  if ((emailTo.length > 0 || values.SMTP_URL !== undefined) && values.ALERT_EMAIL_FROM === undefined) {
    add('ALERT_EMAIL_FROM', 'is not set, but email is configured; set it to the sender address, e.g. "B2C alerts <alerts@example.com>"');
  }
  const pollInterval = values.POLL_INTERVAL ?? 60_000;
  if (values.LAG_ALERT_THRESHOLD !== undefined && values.LAG_ALERT_THRESHOLD <= window.delayMs + pollInterval) {
    add('LAG_ALERT_THRESHOLD', 'must be longer than POLL_DELAY + POLL_INTERVAL: a healthy poller is always that far behind');
  }

  if (problems.length > 0) throw new WorkerConfigError(problems);

  const secrets = new Set([...secretVariables, ...secretsFromFile]);
  const routeVariables = Object.fromEntries(Object.entries(env).filter(([name]) => !secrets.has(name) && !secretName.test(name)));
  const config: WorkerConfig = {
    redis: { url: values.REDIS_URL!, keyPrefix: values.REDIS_KEY_PREFIX!, queuePrefix: values.BULLMQ_PREFIX! },
    tenants,
    graph: { rateLimit: values.GRAPH_RATE_LIMIT!, pageSize: 1000 },
    poll: {
      intervalMs: pollInterval,
      window,
      failureAlertAfter: values.POLL_FAILURE_ALERT_AFTER!,
      lagAlertThresholdMs: values.LAG_ALERT_THRESHOLD!,
    },
    rulesDir: values.RULES_DIR!,
    ...(values.ARCHIVE_DIR !== undefined ? { archiveDir: values.ARCHIVE_DIR } : {}),
    ...(token !== undefined ? { slack: { token, ...(values.SLACK_API_URL !== undefined ? { apiUrl: values.SLACK_API_URL } : {}) } } : {}),
    ...(values.SMTP_URL !== undefined ? { email: { smtpUrl: values.SMTP_URL, from: values.ALERT_EMAIL_FROM! } } : {}),
    ...(values.ALERT_SLACK_CHANNEL !== undefined ? { alertSlackChannel: values.ALERT_SLACK_CHANNEL } : {}),
    alertEmailTo: emailTo,
    routeVariables,
    http: { port: values.PORT!, host: values.HTTP_HOST! },
    logLevel: values.LOG_LEVEL!,
    workers: values.WORKER_QUEUES!,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT!,
    jobLockMs: values.JOB_LOCK_DURATION!,
  };
  return deepFreeze(config);
}

/** One tenant from AZURE_*, or every tenant of TENANTS_FILE (AZURE_CLOUD, hosts and the service filter act as their defaults). */
function resolveTenants(
  env: Readonly<Record<string, string | undefined>>,
  values: Values,
  add: (variable: string, message: string) => void,
  secretsFromFile: string[],
): TenantConfig[] {
  const defaults: TenantInput = {
    ...(values.AZURE_CLOUD !== undefined ? { cloud: values.AZURE_CLOUD } : {}),
    ...(values.AZURE_AUTHORITY_HOST !== undefined ? { authorityHost: values.AZURE_AUTHORITY_HOST } : {}),
    ...(values.GRAPH_BASE_URL !== undefined ? { graphBaseUrl: values.GRAPH_BASE_URL } : {}),
    ...(values.B2C_LOGGED_BY_SERVICE !== undefined ? { loggedByService: values.B2C_LOGGED_BY_SERVICE } : {}),
  };
  if (values.TENANTS_FILE === undefined) {
    const tenant = resolveTenant(
      {
        ...defaults,
        name: values.TENANT_NAME,
        tenantId: values.AZURE_TENANT_ID,
        clientId: values.AZURE_CLIENT_ID,
        clientSecret: values.AZURE_CLIENT_SECRET,
        certificatePath: values.AZURE_CLIENT_CERTIFICATE_PATH,
      },
      tenantNamePattern.test(values.AZURE_TENANT_ID ?? '') ? values.AZURE_TENANT_ID!.toLowerCase() : 'default',
      (field, message) => add(tenantVariables[field], field === 'tenantId' && message === 'is not set' ? 'is not set; set it to the B2C tenant ID (a GUID) or its domain, e.g. contosob2c.onmicrosoft.com, or list tenants in TENANTS_FILE' : message),
    );
    return tenant ? [tenant] : [];
  }
  for (const variable of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'TENANT_NAME'] as const) {
    if (values[variable] !== undefined) add(variable, 'is set as well as TENANTS_FILE; put that tenant in the file, or unset TENANTS_FILE');
  }
  const file = readTenantsFile(values.TENANTS_FILE, env);
  secretsFromFile.push(...file.referenced);
  for (const problem of file.problems) add('TENANTS_FILE', problem);
  const tenants: TenantConfig[] = [];
  file.tenants.forEach((input, index) => {
    const tenant = resolveTenant({ ...defaults, ...input }, `tenant-${index + 1}`, (field, message) =>
      add('TENANTS_FILE', `(${values.TENANTS_FILE}) tenants[${index}].${field} ${message}`),
    );
    if (!tenant) return;
    if (tenants.some((t) => t.name === tenant.name)) {
      add('TENANTS_FILE', `(${values.TENANTS_FILE}) tenants[${index}].name '${tenant.name}' is used twice; tenant names must be unique`);
    } else {
      tenants.push(tenant);
    }
  });
  return tenants;
}

function resolveWindow(values: Values, add: (variable: string, message: string) => void): PollWindowOptions {
  const window: PollWindowOptions = {
    ...defaultPollWindowOptions,
    delayMs: values.POLL_DELAY ?? defaultPollWindowOptions.delayMs,
    overlapMs: values.POLL_OVERLAP ?? defaultPollWindowOptions.overlapMs,
    initialLookbackMs: values.POLL_INITIAL_LOOKBACK ?? defaultPollWindowOptions.initialLookbackMs,
    maxSpanMs: values.POLL_MAX_SPAN ?? defaultPollWindowOptions.maxSpanMs,
  };
  if (!pollWindowOptionsSchema.safeParse(window).success) add('POLL_DELAY', 'must be well below the 7-day retention of audit events');
  return window;
}
