import { createHash } from 'node:crypto';
import { alertId } from '@b2c-alerts/notify';
import type { AlertCandidate } from '@b2c-alerts/rule-engine';

// BullMQ refuses custom ids that contain ':' unless they have exactly three parts (and ids that are
// integers), so every id here is `<kind>:<part>:<part>` with no ':' inside a part. Tenant names
// cannot hold ':' (config.ts).

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** `ev:<tenant>:<sha1 of the event ids>`: the same batch enqueued twice is one job. */
export function evaluateJobId(tenant: string, events: ReadonlyArray<{ id: string }>): string {
  return `ev:${tenant}:${sha1(events.map((e) => e.id).join('\n'))}`;
}

type AlertKey = Pick<AlertCandidate, 'groupKey' | 'firstTime' | 'status' | 'eventIds'>;

/**
 * The alert id notify's buildAlert gives the same candidate (group key, first event time, status and
 * first event id), so the job, the alert and its notifications share one id. Two alerts of one group
 * that start at the same instant with different events stay two jobs; a replayed candidate is one.
 */
export function alertIdOf(candidate: AlertKey): string {
  return alertId(candidate);
}

/** `al:<tenant>:<alert id>`: a replayed candidate (retried batch, overlapping workers) is one job. */
export function alertJobId(tenant: string, candidate: AlertKey): string {
  return `al:${tenant}:${alertIdOf(candidate)}`;
}
