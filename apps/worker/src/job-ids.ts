import { createHash } from 'node:crypto';
import type { AlertCandidate } from '@b2c-alerts/rule-engine';

// BullMQ refuses custom ids that contain ':' unless they have exactly three parts (and ids that are
// integers), so every id here is `<kind>:<part>:<part>` with no ':' inside a part. Tenant names
// cannot hold ':' (config.ts).

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** `ev:<tenant>:<sha1 of the event ids>`: the same batch enqueued twice is one job. */
export function evaluateJobId(tenant: string, events: ReadonlyArray<{ id: string }>): string {
  return `ev:${tenant}:${sha1(events.map((e) => e.id).join('\n'))}`;
}

/**
 * The alert id notify's buildAlert gives the same candidate: sha256 over group key, first event time
 * and status, 16 hex digits. A replayed candidate has the same id.
 */
export function alertIdOf(candidate: Pick<AlertCandidate, 'groupKey' | 'firstTime' | 'status'>): string {
  return createHash('sha256').update(`${candidate.groupKey}\u0000${candidate.firstTime}\u0000${candidate.status}`).digest('hex').slice(0, 16);
}

/** `al:<tenant>:<alert id>`: a replayed candidate (retried batch, overlapping workers) is one job. */
export function alertJobId(tenant: string, candidate: Pick<AlertCandidate, 'groupKey' | 'firstTime' | 'status'>): string {
  return `al:${tenant}:${alertIdOf(candidate)}`;
}
