import type { WorkerEnv } from '../env-schema.js';
import {
  bothServiceSettings,
  fileCredentialWording,
  resolveTenant,
  type TenantConfig,
  type TenantInput,
} from './tenant-config.js';
import { tenantFromEnv } from './tenant-from-env.js';
import { readTenantsFile } from './tenants-file.js';
import { tenantVariables } from './tenant-variables.js';

export interface TenantsResolved {
  tenants: TenantConfig[];
  /** Variables TENANTS_FILE's `${VAR}` references read: they hold secrets. */
  referenced: string[];
}

/**
 * One tenant from AZURE_*, or every tenant of TENANTS_FILE (AZURE_CLOUD, the hosts and the service
 * filter act as their defaults). Problems go to `add`, named by variable.
 */
export function resolveTenants(
  env: Readonly<Record<string, string | undefined>>,
  values: Partial<WorkerEnv>,
  add: (variable: string, message: string) => void,
): TenantsResolved {
  const file = values.TENANTS_FILE;
  if (file === undefined) {
    const tenant = tenantFromEnv(values, (variable, message) =>
      add(
        variable,
        variable === tenantVariables.tenantId && message === 'is not set'
          ? 'is not set; set it to the B2C tenant ID (a GUID) or its domain, e.g. contosob2c.onmicrosoft.com, or list tenants in TENANTS_FILE'
          : message,
      ),
    );
    return { tenants: tenant ? [tenant] : [], referenced: [] };
  }
  for (const variable of [
    'AZURE_TENANT_ID',
    'AZURE_CLIENT_ID',
    'AZURE_CLIENT_SECRET',
    'AZURE_CLIENT_CERTIFICATE_PATH',
    'TENANT_NAME',
  ] as const) {
    if (values[variable] !== undefined)
      add(variable, 'is set as well as TENANTS_FILE; put that tenant in the file, or unset TENANTS_FILE');
  }
  const defaults: TenantInput = {
    ...(values.AZURE_CLOUD !== undefined ? { cloud: values.AZURE_CLOUD } : {}),
    ...(values.AZURE_AUTHORITY_HOST !== undefined ? { authorityHost: values.AZURE_AUTHORITY_HOST } : {}),
    ...(values.GRAPH_BASE_URL !== undefined ? { graphBaseUrl: values.GRAPH_BASE_URL } : {}),
  };
  // The services of the environment are the default of an entry that sets neither form itself.
  const serviceDefaults: TenantInput =
    values.AZURE_AUDIT_SERVICES !== undefined
      ? { services: values.AZURE_AUDIT_SERVICES }
      : values.B2C_LOGGED_BY_SERVICE !== undefined
        ? { loggedByService: values.B2C_LOGGED_BY_SERVICE }
        : {};
  if (values.AZURE_AUDIT_SERVICES !== undefined && values.B2C_LOGGED_BY_SERVICE !== undefined)
    add('AZURE_AUDIT_SERVICES', bothServiceSettings);
  const read = readTenantsFile(file, env);
  for (const problem of read.problems) add('TENANTS_FILE', problem);
  const tenants: TenantConfig[] = [];
  read.tenants.forEach((input, index) => {
    const ownServices = input.services !== undefined || input.loggedByService !== undefined;
    const tenant = resolveTenant(
      { ...defaults, ...(ownServices ? {} : serviceDefaults), ...input },
      `tenant-${index + 1}`,
      (field, message) => add('TENANTS_FILE', `(${file}) tenants[${index}].${field} ${message}`),
      fileCredentialWording,
    );
    if (!tenant) return;
    if (tenants.some((t) => t.name === tenant.name)) {
      add(
        'TENANTS_FILE',
        `(${file}) tenants[${index}].name '${tenant.name}' is used twice; tenant names must be unique`,
      );
    } else {
      tenants.push(tenant);
    }
  });
  return { tenants, referenced: read.referenced };
}
