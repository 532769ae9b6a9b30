import type { AlertCandidate } from '../../src/index.js';

/** The fields of a candidate tests compare (the event itself is checked separately). */
export function summary(candidate: AlertCandidate) {
  return {
    ruleId: candidate.ruleId,
    groupKey: candidate.groupKey,
    status: candidate.status,
    count: candidate.count,
    firstTime: candidate.firstTime,
    lastTime: candidate.lastTime,
    eventIds: candidate.eventIds,
    suppressed: candidate.suppressed,
  };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The id consumers dedupe alerts by (see AlertCandidate): group key, first time and status. */
export function alertId(candidate: AlertCandidate): string {
  return `${candidate.groupKey}\u0000${candidate.firstTime}\u0000${candidate.status}`;
}
