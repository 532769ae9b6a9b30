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
