import { tenantNamePattern } from './tenant-config.js';
import { readTenantsFile } from './tenants-file.js';

/**
 * The names of the tenants the worker's environment configures, for tools that show their health: every
 * named entry of TENANTS_FILE, else TENANT_NAME (or the tenant id, as the worker names a single tenant).
 * Undefined when none is configured or the file cannot be read: the caller shows the tenants found in Redis.
 */
export function configuredTenantNames(env: Readonly<Record<string, string | undefined>>): string[] | undefined {
  const file = env.TENANTS_FILE?.trim();
  if (file) {
    const read = readTenantsFile(file, env);
    const names = read.tenants.flatMap((t) =>
      typeof t.name === 'string' && tenantNamePattern.test(t.name) ? [t.name] : [],
    );
    return names.length > 0 ? names : undefined;
  }
  const name = env.TENANT_NAME?.trim() || env.AZURE_TENANT_ID?.trim().toLowerCase();
  return name && tenantNamePattern.test(name) ? [name] : undefined;
}
