import type { DirectoryAudit } from '../../src/index.js';

/** activityDateTime as Graph writes it: 7 fractional digits, Z. */
export function graphTime(ms: number, ticks = 0): string {
  return new Date(ms).toISOString().replace('Z', `${String(ticks).padStart(4, '0')}Z`);
}

/** `count` B2C sign-in records, `stepMs` apart from `start`, with ids `${prefix}-${i}`. */
export function b2cEvents(prefix: string, start: number, count: number, stepMs: number): DirectoryAudit[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    activityDateTime: graphTime(start + i * stepMs, i % 10_000),
    activityDisplayName: 'Issue an id_token to the application',
    category: 'Authentication',
    loggedByService: 'B2C',
    result: 'success',
    operationType: '',
    correlationId: `corr-${prefix}-${i}`,
    initiatedBy: { app: { appId: 'N/A', displayName: 'contoso-web' } },
    additionalDetails: [{ key: 'TenantId', value: 'contosob2c.onmicrosoft.com' }],
  }));
}

/**
 * `count` Core Directory records of `service` (default Core Directory), `stepMs` apart from `start`,
 * with ids `${prefix}-${i}`: users added by a sign-up, as the directory logs them.
 */
export function directoryEvents(
  prefix: string,
  start: number,
  count: number,
  stepMs: number,
  service = 'Core Directory',
): DirectoryAudit[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    activityDateTime: graphTime(start + i * stepMs, (i * 7) % 10_000),
    activityDisplayName: 'Add user',
    category: 'UserManagement',
    loggedByService: service,
    result: 'success',
    resultReason: '',
    operationType: 'Add',
    correlationId: `corr-${prefix}-${i}`,
    initiatedBy: { app: { appId: null, displayName: 'B2C sign-up', servicePrincipalId: 'sp-b2c' } },
    targetResources: [{ id: `user-${prefix}-${i}`, type: 'User', modifiedProperties: [] }],
    additionalDetails: [],
  }));
}
