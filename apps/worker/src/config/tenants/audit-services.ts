import { defaultAuditServices, maxAuditServices } from '@b2c-alerts/audit-client';

/** The services a tenant's audit log is read for; null reads every service. */
export type AuditServices = readonly string[] | null;

/** A `loggedByService` value as Graph writes them: `B2C`, `Core Directory`, `Self-service Password Management`. */
const serviceName = /^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,99}$/;

const example = 'e.g. B2C,Core Directory';

/**
 * Reads the services setting (AZURE_AUDIT_SERVICES, or a TENANTS_FILE entry's `services`): a list, or
 * one text of names separated by commas, or `*` for every service. Undefined gives the default
 * (defaultAuditServices). A problem is a sentence to follow the setting's name; no value is echoed.
 */
export function parseAuditServices(input: unknown): { services: AuditServices } | { problem: string } {
  if (input === undefined) return { services: defaultAuditServices };
  let names: unknown[];
  if (typeof input === 'string') {
    if (input.trim() === '*') return { services: null };
    names = input.split(',');
  } else if (Array.isArray(input)) {
    names = input;
  } else {
    return { problem: `must be a list of service names (${example}), or * for every service` };
  }
  const services: string[] = [];
  for (const name of names) {
    const text = typeof name === 'string' ? name.trim() : undefined;
    if (text === undefined || text === '')
      return { problem: `must list service names separated by commas (${example}), with no empty name` };
    if (text === '*') return { problem: 'may be * alone (every service), not * among names' };
    if (!serviceName.test(text))
      return {
        problem: `holds a name that is not a service name (letters, digits, spaces, dots, dashes, parentheses; at most 100 characters): ${example}`,
      };
    if (services.some((known) => known.toLowerCase() === text.toLowerCase()))
      return { problem: 'names a service twice; name each once' };
    services.push(text);
  }
  if (services.length > maxAuditServices)
    return { problem: `names ${services.length} services; at most ${maxAuditServices}, or * for every service` };
  return { services };
}

/** The services as the README and messages write them: `B2C,Core Directory`, or `*`. */
export function formatAuditServices(services: AuditServices): string {
  return services === null ? '*' : services.join(',');
}
