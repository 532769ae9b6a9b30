import type { DirectoryAudit } from '../events/directory-audit.js';
import { toUtcDateTime } from '../events/utc-date-time.js';
import type { AuditWindow } from './audit-window.js';
import type { RejectedRecord } from './graph-response.js';

/**
 * How far outside the requested window a record's activityDateTime may be and still be taken:
 * Graph filters on that time, so a record beyond this is a lie or a broken clock, not lateness.
 */
export const defaultClockSkewMs = 60 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();
const quoted = (value: string) => JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);

/** `1h`, `5m`, `90s`, `1h30m`: the duration grammar of the settings, for messages. */
function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, seconds] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (rest >= seconds) {
      parts.push(`${Math.floor(rest / seconds)}${unit}`);
      rest %= seconds;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}s`);
  return parts.join('');
}

/**
 * Splits a page's records into those dated within `window` widened by `skewMs` on both sides, and
 * the others, each with a reason naming its id and time. One record dated 2099 would otherwise
 * become the evaluator's newest event time and make every real event after it look late.
 */
export function splitByWindow(
  records: readonly DirectoryAudit[],
  window: AuditWindow,
  skewMs: number,
): { inside: DirectoryAudit[]; outside: RejectedRecord[] } {
  const inside: DirectoryAudit[] = [];
  const outside: RejectedRecord[] = [];
  for (const record of records) {
    const time = Date.parse(toUtcDateTime(record.activityDateTime));
    if (time >= window.from - skewMs && time <= window.to + skewMs) {
      inside.push(record);
      continue;
    }
    outside.push({
      record,
      reason:
        `record ${quoted(record.id)} has activityDateTime ${quoted(record.activityDateTime)}, outside the requested ` +
        `window ${iso(window.from)} – ${iso(window.to)} by more than the clock-skew allowance of ${formatDuration(skewMs)}; ` +
        'not evaluated',
    });
  }
  return { inside, outside };
}
