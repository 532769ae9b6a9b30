import { createHash } from 'node:crypto';

/**
 * The id of an alert group in Redis keys and job ids: sha1 over tenant and group key, 16 hex digits.
 * The tenant is part of it so that two tenants' alerts of the same rule and values stay apart.
 */
export function groupHash(tenant: string, groupKey: string): string {
  return createHash('sha1').update(`${tenant}\u0000${groupKey}`).digest('hex').slice(0, 16);
}
