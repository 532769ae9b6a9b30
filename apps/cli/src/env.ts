import type { ConnectionOptions } from '@b2c-alerts/audit-client';
import type { RouteVariables } from '@b2c-alerts/rule-engine';
import {
  configProblemLines,
  deepFreeze,
  logLevelEnv,
  queueEnv,
  readEnv,
  routeVariablesEnv,
  routeVariablesOf,
  rulesDirEnv,
  tenantEnv,
  tenantFromEnv,
  unsetIfEmpty,
  type ConfigProblem,
  type LogLevel,
} from '@b2c-alerts/worker';
import { z } from 'zod';
import { CliError } from './errors/cli-error.js';

/** The environment as given to runCli: variable name to value. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The only read of `process.env` in this app: a copy, so later changes to the process environment do
 * not leak into a running command.
 */
export function readProcessEnvironment(): Environment {
  return Object.freeze({ ...process.env });
}

/** Validated configuration for commands that talk to Graph. Deep-frozen. */
export interface CliConfig {
  connection: ConnectionOptions;
  /** The services whose audit events are read (AZURE_AUDIT_SERVICES); null reads every service. */
  services: readonly string[] | null;
  logLevel: LogLevel;
}

/**
 * The worker's tenant and log-level variables, with the two IDs required: the CLI reads one tenant.
 * Messages follow the variable name and never quote a value.
 */
const environmentSchema = z.object({
  ...tenantEnv,
  AZURE_TENANT_ID: z.preprocess(
    unsetIfEmpty,
    z.string({
      error: 'is not set; set it to the B2C tenant ID (a GUID) or its domain, e.g. contosob2c.onmicrosoft.com',
    }),
  ),
  AZURE_CLIENT_ID: z.preprocess(
    unsetIfEmpty,
    z.string({ error: 'is not set; set it to the Application (client) ID of the app registered in the B2C tenant' }),
  ),
  ...logLevelEnv,
});

const queueSchema = z.object(queueEnv);
const routeVariablesSchema = z.object(routeVariablesEnv);

/** RULES_DIR as the worker reads it, else `rules` (relative to the working directory): where rule commands look. */
export function rulesDirOf(env: Environment): string {
  return rulesDirEnv.RULES_DIR.parse(env.RULES_DIR);
}

/** Where the worker's queues are, for commands that inspect them (`deadletters`). */
export interface QueueConnection {
  /** May hold a password: never printed. */
  redisUrl: string;
  /** BullMQ's prefix, as the worker uses it. */
  queuePrefix: string;
}

/**
 * REDIS_URL (default redis://127.0.0.1:6379) and BULLMQ_PREFIX (default bull), read as the worker
 * reads them. Problems name the variable (CLI_ERR_CONFIG) and never echo its value.
 */
export function queueConnectionOf(env: Environment): QueueConnection {
  const read = readEnv(queueSchema, env);
  if (read.complete === undefined) {
    throw new CliError(
      'CLI_ERR_CONFIG',
      `The environment does not say where the worker's queues are:\n${configProblemLines(read.problems)}\nSet these variables and run again.`,
      {
        problems: read.problems,
      },
    );
  }
  return { redisUrl: read.complete.REDIS_URL, queuePrefix: read.complete.BULLMQ_PREFIX };
}

/**
 * The variables routes.yaml may use, by the worker's rule (ROUTE_VARIABLES_PREFIX, default ALERT_, never
 * a secret), so `rules validate` fills and refuses exactly what the worker would.
 */
export function routeVariablesFrom(env: Environment): RouteVariables {
  const read = readEnv(routeVariablesSchema, env);
  if (read.complete === undefined) {
    throw new CliError(
      'CLI_ERR_CONFIG',
      `The environment does not say which variables routes.yaml may use:\n${configProblemLines(read.problems)}\nSet these variables and run again.`,
      { problems: read.problems },
    );
  }
  return routeVariablesOf(env, read.complete.ROUTE_VARIABLES_PREFIX);
}

/** AZURE_TENANT_ID when set: the tenant an archive read offline must belong to (`events`, `archive index`). */
export function tenantHintOf(env: Environment): string | undefined {
  const value = env.AZURE_TENANT_ID?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * CONSOLE_TOKEN when set: the token `b2c-alerts console` asks for (required to listen beyond loopback).
 * Never printed or logged.
 */
export function consoleTokenOf(env: Environment): string | undefined {
  const value = env.CONSOLE_TOKEN?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** LOG_LEVEL if valid, else `info`, so the logger exists before the rest is validated (and reported). */
export function logLevelOf(env: Environment): LogLevel {
  const parsed = logLevelEnv.LOG_LEVEL.safeParse(env.LOG_LEVEL);
  return parsed.success ? parsed.data : 'info';
}

/**
 * Validates the environment for commands that read Graph and reads the certificate file. Every
 * problem is reported at once (CLI_ERR_CONFIG with `problems`), each naming its variable and what to
 * set; no value is ever echoed.
 */
export async function loadConfig(env: Environment): Promise<CliConfig> {
  const problems: ConfigProblem[] = [];
  const add = (variable: string, message: string) => {
    if (!problems.some((p) => p.variable === variable)) problems.push({ variable, message });
  };

  const { values, problems: variableProblems } = readEnv(environmentSchema, env);
  for (const problem of variableProblems) add(problem.variable, problem.message);
  // Read as the worker reads its single tenant. `add` keeps a variable's first problem, so an unset ID
  // reads as the schema above words it, with what to set.
  const tenant = tenantFromEnv(values, add);

  if (problems.length > 0 || tenant === undefined) {
    throw new CliError(
      'CLI_ERR_CONFIG',
      `The environment is not configured for Microsoft Graph:\n${configProblemLines(problems)}\nSet these variables and run again (the README lists every variable).`,
      { problems },
    );
  }

  const config: CliConfig = {
    connection: tenant.connection,
    services: tenant.services,
    logLevel: values.LOG_LEVEL ?? 'info',
  };
  return deepFreeze(config);
}
