import { clouds, type CloudName } from '@b2c-alerts/audit-client';
import { z } from 'zod';
import { optionalText, unsetIfEmpty } from '../env-fields.js';
import type { TenantInput } from './tenant-config.js';

export const cloudNames = Object.keys(clouds) as [CloudName, ...CloudName[]];

/** The variable each field of a tenant comes from when the environment configures one tenant, to name it in problems. */
export const tenantVariables = {
  name: 'TENANT_NAME',
  tenantId: 'AZURE_TENANT_ID',
  clientId: 'AZURE_CLIENT_ID',
  clientSecret: 'AZURE_CLIENT_SECRET',
  certificatePath: 'AZURE_CLIENT_CERTIFICATE_PATH',
  cloud: 'AZURE_CLOUD',
  authorityHost: 'AZURE_AUTHORITY_HOST',
  graphBaseUrl: 'GRAPH_BASE_URL',
  services: 'AZURE_AUDIT_SERVICES',
  loggedByService: 'B2C_LOGGED_BY_SERVICE',
} as const satisfies Record<keyof TenantInput, string>;

/**
 * The tenant's variables as an env-schema fragment, every one optional: the worker may read its tenants
 * from TENANTS_FILE instead; the CLI overrides the two it requires. Validation of the values together
 * (a credential, the IDs' form) is resolveTenant's and the connection schema's.
 */
export const tenantEnv = {
  AZURE_TENANT_ID: optionalText,
  AZURE_CLIENT_ID: optionalText,
  AZURE_CLIENT_SECRET: optionalText,
  AZURE_CLIENT_CERTIFICATE_PATH: optionalText,
  AZURE_AUTHORITY_HOST: optionalText,
  AZURE_CLOUD: z.preprocess(
    unsetIfEmpty,
    z.enum(cloudNames, { error: `must be one of ${cloudNames.join(', ')}` }).optional(),
  ),
  GRAPH_BASE_URL: optionalText,
  AZURE_AUDIT_SERVICES: optionalText,
  B2C_LOGGED_BY_SERVICE: optionalText,
};
