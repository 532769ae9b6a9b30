import { readFile } from 'node:fs/promises';
import { clouds, connectionOptionsSchema, type CloudName, type ConnectionOptions } from '@b2c-alerts/audit-client';
import { z } from 'zod';
import { CliError, type ConfigProblem } from './errors/cli-error.js';

/** The environment as given to runCli: variable name to value. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The only read of `process.env` in this app (house rule 4): a copy, so later changes to the
 * process environment do not leak into a running command.
 */
export function readProcessEnvironment(): Environment {
  return Object.freeze({ ...process.env });
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Validated configuration for commands that talk to Graph. Deep-frozen. */
export interface CliConfig {
  connection: ConnectionOptions;
  /** The `loggedByService` filter; null reads every service (B2C_LOGGED_BY_SERVICE=*). */
  loggedByService: string | null;
  logLevel: LogLevel;
}

const cloudNames = Object.keys(clouds) as [CloudName, ...CloudName[]];

/** Unset and empty are the same: `VAR=` in a shell or an .env file means "not configured". */
const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = z.preprocess(unsetIfEmpty, z.string().optional());

/** Defaults live here and only here. Messages follow the variable name and never quote a value. */
const environmentSchema = z.object({
  AZURE_TENANT_ID: z.preprocess(
    unsetIfEmpty,
    z.string({ error: 'is not set; set it to the B2C tenant ID (a GUID) or its domain, e.g. contosob2c.onmicrosoft.com' }),
  ),
  AZURE_CLIENT_ID: z.preprocess(
    unsetIfEmpty,
    z.string({ error: 'is not set; set it to the Application (client) ID of the app registered in the B2C tenant' }),
  ),
  AZURE_CLIENT_SECRET: optional,
  AZURE_CLIENT_CERTIFICATE_PATH: optional,
  AZURE_AUTHORITY_HOST: optional,
  AZURE_CLOUD: z.preprocess(unsetIfEmpty, z.enum(cloudNames, { error: `must be one of ${cloudNames.join(', ')}` }).optional()),
  GRAPH_BASE_URL: optional,
  B2C_LOGGED_BY_SERVICE: z.preprocess(unsetIfEmpty, z.string().default('B2C')),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof unsetIfEmpty(value) === 'string' ? (value as string).trim().toLowerCase() : undefined),
    z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  ),
});

/** Which variable each ConnectionOptions field comes from, to name it in problems. */
const variableOfField: Record<string, string> = {
  tenantId: 'AZURE_TENANT_ID',
  clientId: 'AZURE_CLIENT_ID',
  clientSecret: 'AZURE_CLIENT_SECRET',
  certificate: 'AZURE_CLIENT_CERTIFICATE_PATH',
  cloud: 'AZURE_CLOUD',
  authorityHost: 'AZURE_AUTHORITY_HOST',
  graphBaseUrl: 'GRAPH_BASE_URL',
};

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
  const problems: ConfigProblem[] = [];
  const url = env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
  const protocol = URL.canParse(url) ? new URL(url).protocol : undefined;
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    problems.push({ variable: 'REDIS_URL', message: 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379' });
  }
  const queuePrefix = env.BULLMQ_PREFIX?.trim() || 'bull';
  if (!/^[A-Za-z0-9._:-]{1,64}$/.test(queuePrefix)) {
    problems.push({ variable: 'BULLMQ_PREFIX', message: 'must be 1–64 letters, digits, dots, colons, dashes or underscores (the worker’s value)' });
  }
  if (problems.length > 0) {
    const lines = problems.map((p) => `  - ${p.variable} ${p.message}`);
    throw new CliError('CLI_ERR_CONFIG', `The environment does not say where the worker's queues are:\n${lines.join('\n')}\nSet these variables and run again.`, { problems });
  }
  return { redisUrl: url, queuePrefix };
}

/** LOG_LEVEL if valid, else `info`, so the logger exists before the rest is validated (and reported). */
export function logLevelOf(env: Environment): LogLevel {
  const parsed = environmentSchema.shape.LOG_LEVEL.safeParse(env.LOG_LEVEL);
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

  const parsed = environmentSchema.safeParse(env);
  const values: Partial<z.output<typeof environmentSchema>> = parsed.success ? parsed.data : {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(String(issue.path[0]), issue.message);
    // Keep what did parse, so the checks below still report their own problems.
    for (const key of Object.keys(environmentSchema.shape) as Array<keyof typeof environmentSchema.shape>) {
      const field = environmentSchema.shape[key].safeParse(env[key]);
      if (field.success) (values as Record<string, unknown>)[key] = field.data;
    }
  }

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
    const read = await readCertificateFile(certificatePath);
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
      const variable = variableOfField[field ?? ''] ?? 'environment';
      const subject = sub === 'privateKeyPem' ? 'names a file whose private key ' : sub === 'certificatePem' ? 'names a file whose certificate ' : '';
      add(variable, `${subject}${issue.code === 'custom' ? issue.message : `is invalid: ${issue.message}`}`);
    }
  }

  if (problems.length > 0 || !connection.success) {
    const lines = problems.map((p) => `  - ${p.variable} ${p.message}`);
    throw new CliError(
      'CLI_ERR_CONFIG',
      `The environment is not configured for Microsoft Graph:\n${lines.join('\n')}\nSet these variables and run again (the README lists every variable).`,
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

const pemBlock = (label: string) => new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`);

/**
 * Splits the PEM file the Azure SDK convention expects (private key + certificate, in any order).
 * Problems name the file and the block, never its content.
 */
async function readCertificateFile(path: string): Promise<{ certificate: { privateKeyPem: string; certificatePem: string } } | { problem: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable by this user' : `cannot be read (${code ?? 'error'})`;
    return { problem: `points to ${path}, which ${reason}; set it to a PEM file holding the private key and the certificate` };
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) {
    return { problem: `points to ${path}, whose private key is encrypted; export it without a passphrase (openssl pkey -in key.pem -out plain.pem)` };
  }
  const key = pemBlock('(?:RSA |EC )?PRIVATE KEY').exec(text);
  const certificatePem = pemBlock('CERTIFICATE').exec(text);
  const missing = [key ? undefined : 'a private key (-----BEGIN PRIVATE KEY-----)', certificatePem ? undefined : 'a certificate (-----BEGIN CERTIFICATE-----)'].filter(Boolean);
  if (!key || !certificatePem) {
    return { problem: `points to ${path}, which lacks ${missing.join(' and ')}; put the private key and the certificate in one PEM file` };
  }
  return { certificate: { privateKeyPem: `${key[0]}\n`, certificatePem: `${certificatePem[0]}\n` } };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
