import type { AlertRecord } from '../../api/api-types.js';
import { buildHash } from '../../state/hash-route.js';
import { isoSeconds } from '../../state/histogram-range.js';

/** The most ids one link carries (the filter accepts at most 100). */
export const maxLinkedIds = 100;
const halfHourMs = 30 * 60_000;

/** `#/events?ids=…`: exactly the alert's events, or null when there are too many for one link. */
export function alertEventsHash(eventIds: string[]): string | null {
  if (eventIds.length === 0 || eventIds.length > maxLinkedIds) return null;
  return buildHash(['events'], new URLSearchParams({ ids: eventIds.join(',') }));
}

/** `#/events?since=…&until=…`: the hour around the alert's events (half an hour either side). */
export function alertHourHash(alert: Pick<AlertRecord, 'firstEventAt' | 'lastEventAt'>): string {
  const first = Date.parse(alert.firstEventAt);
  const last = Date.parse(alert.lastEventAt);
  return buildHash(
    ['events'],
    new URLSearchParams({
      since: isoSeconds(Math.floor((first - halfHourMs) / 1000) * 1000),
      until: isoSeconds(Math.ceil((last + halfHourMs) / 1000) * 1000),
    }),
  );
}
