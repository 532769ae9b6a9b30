import type { DirectoryAudit } from '../events/directory-audit.js';
import { toUtcDateTime } from '../events/utc-date-time.js';

export type Checked = { audit: DirectoryAudit } | { problem: string };

/**
 * The boundary check for exported items: an object with a non-empty string `id` and an ISO
 * `activityDateTime` is a directoryAudit (everything else is normalize()'s business). The time is
 * put in the `Z` form; `fallbackTime` (an Azure Monitor record's `time`) stands in when it is missing.
 */
export function toDirectoryAudit(candidate: unknown, fallbackTime?: unknown): Checked {
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) {
    return { problem: 'not a directoryAudit: expected an object with id and activityDateTime' };
  }
  const item = candidate as Record<string, unknown>;
  if (typeof item.id !== 'string' || item.id === '') {
    return { problem: 'not a directoryAudit: missing id' };
  }
  const wireTime = typeof item.activityDateTime === 'string' ? item.activityDateTime : fallbackTime;
  if (typeof wireTime !== 'string' || wireTime === '') {
    return { problem: `not a directoryAudit: ${item.id} has no activityDateTime` };
  }
  const time = toUtcDateTime(wireTime);
  if (Number.isNaN(Date.parse(time))) {
    return { problem: `not a directoryAudit: ${item.id} has an activityDateTime that is not an ISO date-time` };
  }
  const audit = item as unknown as DirectoryAudit;
  return { audit: time === item.activityDateTime ? audit : { ...audit, activityDateTime: time } };
}
