import { formatUsDateTime } from '../date-time/format-us-date-time.js';

const DAY_MS = 86_400_000;

/** The oldest instant Graph still serves: the start of the UTC day of `now - retentionDays`. */
export function retentionFloor(now: number, retentionDays: number): number {
  const t = now - retentionDays * DAY_MS;
  return t - (((t % DAY_MS) + DAY_MS) % DAY_MS);
}

/** The exact 400 body Graph returns when `activityDateTime` asks for more than the retention keeps. */
export function retentionErrorBody(floorMs: number): string {
  return JSON.stringify({
    error: {
      code: 'UnknownError',
      message: `Specified argument was out of the range of valid values. (Parameter 'Minimum allowed time for activityDateTime is ${formatUsDateTime(floorMs)}')`,
    },
  });
}
