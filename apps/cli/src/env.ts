import { connectionOptionsSchema, type ConnectionOptions } from '@b2c-alerts/audit-client';
import {
  configProblemLines, logLevelEnv, queueEnv, readCertificateFile, readEnv, tenantEnv, tenantVariables, unsetIfEmpty,
  type ConfigProblem, type LogLevel,
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
  /** The `loggedByService` filter; null reads every service (B2C_LOGGED_BY_SERVICE=*). */
  loggedByService: string | null;
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
    z.string({ error: 'is not set; set it to the B2C tenant ID (a GUID) or its domain, e.g. contosob2c.onmicrosoft.com' }),
  ),
  AZURE_CLIENT_ID: z.preprocess(
    unsetIfEmpty,
    z.string({ error: 'is not set; set it to the Application (client) ID of the app registered in the B2C tenant' }),
  ),
  ...logLevelEnv,
});

const queueSchema = z.object(queueEnv);

/** The variable a ConnectionOptions field comes from, to name it in problems. */
function variableOfField(field: string | undefined): string {
  if (field === 'certificate') return tenantVariables.certificatePath;
  return field !== undefined && field in tenantVariables ? tenantVariables[field as keyof typeof tenantVariables] : 'environment';
}

/** RULES_DIR, else `rules` (relative to the working directory): where rule commands look by default. */
export function rulesDirOf(env: Environment): string {
  const dir = env.RULES_DIR?.trim();
  return dir === undefined || dir === '' ? 'rules' : dir;
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
    throw new CliError('CLI_ERR_CONFIG', `The environment does not say where the worker's queues are:\n${configProblemLines(read.problems)}\nSet these variables and run again.`, {
      problems: read.problems,
    });
  }
  return { redisUrl: read.complete.REDIS_URL, queuePrefix: read.complete.BULLMQ_PREFIX };
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

  const secret = values.AZURE_CLIENT_SECRET;
  const certificatePath = values.AZURE_CLIENT_CERTIFICATE_PATH;
  let certificate: ConnectionOptions['certificate'];
  if (secret === undefined && certificatePath === undefined) {
    add(
      'AZURE_CLIENT_SECRET',
      'is not set, nor is AZURE_CLIENT_CERTIFICATE_PATH; set AZURE_CLIENT_CERTIFICATE_PATH to a PEM file holding the private key and certificate (preferred), or AZURE_CLIENT_SECRET to a client secret',
    );
  } else if (secret !== undefined && certificatePath !== undefined) {
    add('AZURE_CLIENT_CERTIFICATE_PATH', 'and AZURE_CLIENT_SECRET are both set; unset one, so it is clear which credential signs in');
  } else if (certificatePath !== undefined) {
    const read = readCertificateFile(certificatePath);
    if ('problem' in read) add('AZURE_CLIENT_CERTIFICATE_PATH', read.problem);
    else certificate = read.certificate;
  }

  const connectionInput = {
    tenantId: values.AZURE_TENANT_ID,
    clientId: values.AZURE_CLIENT_ID,
    ...(secret !== undefined && certificatePath === undefined ? { clientSecret: secret } : {}),
    ...(certificate ? { certificate } : {}),
    ...(values.AZURE_CLOUD ? { cloud: values.AZURE_CLOUD } : {}),
    ...(values.AZURE_AUTHORITY_HOST !== undefined ? { authorityHost: values.AZURE_AUTHORITY_HOST } : {}),
    ...(values.GRAPH_BASE_URL !== undefined ? { graphBaseUrl: values.GRAPH_BASE_URL } : {}),
  };
  const connection = connectionOptionsSchema.safeParse(connectionInput);
  if (!connection.success) {
    for (const issue of connection.error.issues) {
      const [field, sub] = issue.path.map(String);
      // The credential's presence was checked above, in terms of variables.
      if ((field === 'clientSecret' || field === 'certificate') && sub === undefined && issue.code === 'custom') continue;
      const subject = sub === 'privateKeyPem' ? 'names a file whose private key ' : sub === 'certificatePem' ? 'names a file whose certificate ' : '';
      add(variableOfField(field), `${subject}${issue.code === 'custom' ? issue.message : `is invalid: ${issue.message}`}`);
    }
  }

  if (problems.length > 0 || !connection.success) {
    throw new CliError(
      'CLI_ERR_CONFIG',
      `The environment is not configured for Microsoft Graph:\n${configProblemLines(problems)}\nSet these variables and run again (the README lists every variable).`,
      { problems },
    );
  }

  const config: CliConfig = {
    connection: connection.data,
    loggedByService: values.B2C_LOGGED_BY_SERVICE === '*' ? null : (values.B2C_LOGGED_BY_SERVICE ?? 'B2C'),
    logLevel: values.LOG_LEVEL ?? 'info',
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
