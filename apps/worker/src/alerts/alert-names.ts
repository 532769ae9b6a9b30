import { directoryObjectRefs, type AuditEvent, type DirectoryNameResolver } from '@b2c-alerts/audit-client';
import { withDirectoryNames, type Alert } from '@b2c-alerts/notify';
import type { Logger } from 'pino';
import type { WorkerMetrics } from '../http/metrics.js';

export interface AlertNamesDeps {
  /** The tenant's resolver; undefined for the worker's own alerts (`_worker`) and unknown tenants. */
  resolverFor(tenant: string): DirectoryNameResolver | undefined;
  /** NAME_LOOKUP_BUDGET: how long one alert waits for its names, at most. */
  budgetMs: number;
  metrics: Pick<WorkerMetrics, 'nameLookups'>;
}

/**
 * The alert with the display names of the application and service-principal ids its triggering event
 * carries (directoryIdFacts), looked up once per alert within the budget. Never throws and never waits
 * past the budget: whatever is not named by then (Graph down, throttled, no permission) leaves the id
 * alone in the alert, and is counted and logged.
 */
export async function nameAlert(
  alert: Alert,
  event: AuditEvent | undefined,
  tenant: string,
  deps: AlertNamesDeps,
  log: Logger,
): Promise<Alert> {
  const resolver = deps.resolverFor(tenant);
  if (event === undefined || resolver === undefined) return alert;
  const refs = directoryObjectRefs(event);
  if (refs.length === 0) return alert;
  try {
    const lookups = await resolver.resolve(refs, { budgetMs: deps.budgetMs });
    for (const l of lookups) deps.metrics.nameLookups.inc({ tenant, outcome: l.outcome });
    const missed = lookups.filter((l) => l.outcome === 'failed' || l.outcome === 'timed-out');
    if (missed.length > 0) {
      log.warn(
        { lookups: lookups.length, missed: missed.length, reason: missed[0]?.reason },
        'directory names not resolved; the alert shows ids',
      );
    }
    const names = lookups.flatMap((l) => (l.name === undefined ? [] : [{ id: l.ref.id, name: l.name }]));
    return withDirectoryNames(alert, names);
  } catch (error) {
    // resolve() does not reject; this keeps an unforeseen bug from failing the alert.
    deps.metrics.nameLookups.inc({ tenant, outcome: 'failed' }, refs.length);
    log.warn({ err: error }, 'directory names not resolved; the alert shows ids');
    return alert;
  }
}
