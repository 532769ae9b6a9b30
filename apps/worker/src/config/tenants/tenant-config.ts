import { connectionOptionsSchema, type CloudName, type ConnectionOptions } from '@b2c-alerts/audit-client';
import { parseAuditServices, type AuditServices } from './audit-services.js';
import { readCertificateFile } from './certificate-file.js';

/** One tenant the worker polls. `name` keys its Redis state, job ids, metrics and archive folder. */
export interface TenantConfig {
  name: string;
  connection: ConnectionOptions;
  /** The services whose audit events are read (defaultAuditServices unless configured); null reads every service. */
  services: AuditServices;
}

/** A tenant as configured (environment or TENANTS_FILE), before validation. */
export interface TenantInput {
  name?: unknown;
  tenantId?: unknown;
  clientId?: unknown;
  clientSecret?: unknown;
  certificatePath?: unknown;
  cloud?: unknown;
  authorityHost?: unknown;
  graphBaseUrl?: unknown;
  /** A list, or names separated by commas, or `*`. */
  services?: unknown;
  /** The older one-service form of `services`. */
  loggedByService?: unknown;
}

/** Reports a problem with one field of the input; the caller knows which variable that is. */
export type ReportTenantProblem = (field: keyof TenantInput, message: string) => void;

/**
 * The credential problems in the caller's terms (TENANTS_FILE fields, or variables). Each follows the
 * name of the field it is reported on.
 */
export interface CredentialWording {
  /** Reported on `clientSecret` when neither credential is set. */
  neither: string;
  /** Reported on `certificatePath` when both are set. */
  both: string;
}

/** The wording for a TENANTS_FILE entry, after `tenants[i].clientSecret` or `tenants[i].certificatePath`. */
export const fileCredentialWording: CredentialWording = {
  neither: 'is not set, nor is a certificate path; give a certificate (preferred) or a client secret',
  both: 'and the client secret are both set; give one credential only',
};

/** Reported on `services` when the older one-service setting is given too. */
export const bothServiceSettings =
  'is set as well as the older one-service setting (B2C_LOGGED_BY_SERVICE, or loggedByService in TENANTS_FILE); keep the services setting and remove the other';

/** Names go into Redis keys and BullMQ job ids, where `:` separates parts: keep them plain. */
export const tenantNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const tenantNameRule =
  'must be 1–100 letters, digits, dots, dashes or underscores, starting with a letter or digit';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * Validates one tenant with the audit-client's connection schema and reads its certificate file.
 * Every problem goes to `report` (none echoes a value), the credential's in `wording`; undefined when
 * there was any.
 */
export function resolveTenant(
  input: TenantInput,
  defaultName: string,
  report: ReportTenantProblem,
  wording: CredentialWording,
): TenantConfig | undefined {
  let ok = true;
  const fail: ReportTenantProblem = (field, message) => {
    ok = false;
    report(field, message);
  };
  const name = text(input.name) ?? defaultName;
  if (!tenantNamePattern.test(name)) fail('name', tenantNameRule);

  const secret = text(input.clientSecret);
  const certificatePath = text(input.certificatePath);
  let certificate: ConnectionOptions['certificate'];
  if (input.clientSecret !== undefined && typeof input.clientSecret !== 'string')
    fail('clientSecret', 'must be a string');
  if (secret === undefined && certificatePath === undefined) {
    fail('clientSecret', wording.neither);
  } else if (secret !== undefined && certificatePath !== undefined) {
    fail('certificatePath', wording.both);
  } else if (certificatePath !== undefined) {
    const read = readCertificateFile(certificatePath);
    if ('problem' in read) fail('certificatePath', read.problem);
    else certificate = read.certificate;
  }

  const candidate = {
    tenantId: text(input.tenantId),
    clientId: text(input.clientId),
    ...(secret !== undefined && certificatePath === undefined ? { clientSecret: secret } : {}),
    ...(certificate ? { certificate } : {}),
    ...(input.cloud !== undefined ? { cloud: input.cloud as CloudName } : {}),
    ...(text(input.authorityHost) !== undefined ? { authorityHost: text(input.authorityHost) } : {}),
    ...(text(input.graphBaseUrl) !== undefined ? { graphBaseUrl: text(input.graphBaseUrl) } : {}),
  };
  const parsed = connectionOptionsSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [field, sub] = issue.path.map(String);
      // The credential's presence was checked above.
      if ((field === 'clientSecret' || field === 'certificate') && sub === undefined && issue.code === 'custom')
        continue;
      const key: keyof TenantInput =
        field === 'certificate' ? 'certificatePath' : ((field ?? 'tenantId') as keyof TenantInput);
      const subject =
        sub === 'privateKeyPem'
          ? 'names a file whose private key '
          : sub === 'certificatePem'
            ? 'names a file whose certificate '
            : '';
      const missing = issue.code === 'invalid_type' && candidate[field as keyof typeof candidate] === undefined;
      const sentence = issue.code === 'custom' || /^must /.test(issue.message);
      fail(key, missing ? 'is not set' : `${subject}${sentence ? issue.message : `is invalid: ${issue.message}`}`);
    }
  }

  let services: AuditServices | undefined;
  if (input.services !== undefined && input.loggedByService !== undefined) {
    fail('services', bothServiceSettings);
  } else if (input.loggedByService !== undefined) {
    const value = text(input.loggedByService);
    if (value === undefined) fail('loggedByService', 'must be a service name such as B2C, or * for every service');
    else services = value === '*' ? null : [value];
  } else {
    const read = parseAuditServices(input.services);
    if ('problem' in read) fail('services', read.problem);
    else services = read.services;
  }
  if (!ok || !parsed.success || services === undefined) return undefined;
  return { name, connection: parsed.data, services };
}
