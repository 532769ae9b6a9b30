import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { TenantInput } from './tenant-config.js';
import { tenantVariables } from './tenant-variables.js';

export interface TenantsFileRead {
  tenants: TenantInput[];
  /** Problems with the file as a whole or an entry, each a sentence that names the place. */
  problems: string[];
  /** Environment variables the file's `${VAR}` references read: they hold secrets. */
  referenced: string[];
}

/** A tenant entry's keys: the fields of a tenant, as the environment's tenant variables name them too. */
const allowedKeys = new Set<string>(Object.keys(tenantVariables));
const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Reads TENANTS_FILE: `tenants: [{ name, tenantId, clientId, clientSecret | certificatePath, cloud?,
 * authorityHost?, graphBaseUrl?, services? }]` (`services`: a list of `loggedByService` names, or `*`;
 * `loggedByService` is its older one-service form). String values may hold `${ENV_VAR}` references
 * (so secrets stay out of the file), filled from `env`; an unset variable is a problem. Values are
 * never echoed. Sync: it runs once at start.
 */
export function readTenantsFile(path: string, env: Readonly<Record<string, string | undefined>>): TenantsFileRead {
  const result: TenantsFileRead = { tenants: [], problems: [], referenced: [] };
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    result.problems.push(
      `points to ${path}, which ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}; give a YAML file with a tenants: list`,
    );
    return result;
  }
  const doc = parseDocument(source, { prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0]?.line;
      result.problems.push(`(${path}${line ? `:${line}` : ''}) is not valid YAML: ${error.code}; fix the file`);
    }
    return result;
  }
  const root = doc.toJS() as unknown;
  const list = root !== null && typeof root === 'object' ? (root as Record<string, unknown>)['tenants'] : undefined;
  if (!Array.isArray(list) || list.length === 0) {
    result.problems.push(
      `(${path}) must hold a non-empty tenants: list of { name, tenantId, clientId, clientSecret or certificatePath }`,
    );
    return result;
  }
  list.forEach((entry, index) => {
    const where = `(${path}) tenants[${index}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      result.problems.push(`${where} must be a mapping with name, tenantId, clientId and a credential`);
      return;
    }
    const tenant: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
      if (!allowedKeys.has(key)) {
        result.problems.push(`${where} has an unknown key '${key}'; allowed: ${[...allowedKeys].join(', ')}`);
        continue;
      }
      tenant[key] = typeof value === 'string' ? interpolate(value, env, `${where}.${key}`, result) : value;
    }
    result.tenants.push(tenant as TenantInput);
  });
  return result;
}

function interpolate(
  value: string,
  env: Readonly<Record<string, string | undefined>>,
  where: string,
  result: TenantsFileRead,
): string {
  return value.replace(reference, (_match, name: string) => {
    if (!result.referenced.includes(name)) result.referenced.push(name);
    const filled = env[name];
    if (filled === undefined || filled === '') {
      result.problems.push(`${where} refers to \${${name}}, which is not set; set that variable`);
      // Left as written: the config is rejected anyway, and the field does not read as missing too.
      return `\${${name}}`;
    }
    return filled;
  });
}
