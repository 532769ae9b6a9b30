import type { z } from 'zod';
import { resolveTenant, tenantNamePattern, type CredentialWording, type TenantConfig } from './tenant-config.js';
import { tenantVariables, type tenantEnv } from './tenant-variables.js';

/** The tenant's variables as an env schema built on tenantEnv read them; TENANT_NAME where the app reads it. */
export type TenantEnvValues = Partial<z.output<z.ZodObject<typeof tenantEnv>>> & { TENANT_NAME?: string | undefined };

const { clientSecret, certificatePath } = tenantVariables;

/** The credential problems in terms of variables: each says which variable to set. */
const envCredentialWording: CredentialWording = {
  neither: `is not set, nor is ${certificatePath}; set ${certificatePath} to a PEM file holding the private key and certificate (preferred), or ${clientSecret} to a client secret`,
  both: `and ${clientSecret} are both set; unset one, so it is clear which credential signs in`,
};

/**
 * The one tenant the environment configures (AZURE_*, GRAPH_BASE_URL, AZURE_AUDIT_SERVICES or
 * B2C_LOGGED_BY_SERVICE, TENANT_NAME),
 * validated and its certificate file read by resolveTenant. Each problem goes to `report` under its
 * variable. Unless TENANT_NAME says otherwise, the tenant is named after its ID (`default` when the ID
 * would not make a plain name).
 */
export function tenantFromEnv(
  values: TenantEnvValues,
  report: (variable: string, message: string) => void,
): TenantConfig | undefined {
  const tenantId = values.AZURE_TENANT_ID;
  return resolveTenant(
    {
      name: values.TENANT_NAME,
      tenantId,
      clientId: values.AZURE_CLIENT_ID,
      clientSecret: values.AZURE_CLIENT_SECRET,
      certificatePath: values.AZURE_CLIENT_CERTIFICATE_PATH,
      cloud: values.AZURE_CLOUD,
      authorityHost: values.AZURE_AUTHORITY_HOST,
      graphBaseUrl: values.GRAPH_BASE_URL,
      services: values.AZURE_AUDIT_SERVICES,
      loggedByService: values.B2C_LOGGED_BY_SERVICE,
    },
    tenantId !== undefined && tenantNamePattern.test(tenantId) ? tenantId.toLowerCase() : 'default',
    (field, message) => report(tenantVariables[field], message),
    envCredentialWording,
  );
}
