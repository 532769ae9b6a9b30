import { createHash } from 'node:crypto';
import type { Alert } from '@b2c-alerts/notify';

const maxEventIds = 100;

/**
 * One notification for the alerts a group collected in one window, oldest first: counts, suppressed
 * counts and event ids are summed, the time span covers all of them, and the details (actor, target,
 * fields, status) are the newest alert's. A single alert is returned as it is; several get an id
 * derived from theirs, so the notification id is stable when a flush runs again, and name them (`alertIds`).
 */
export function mergeAlerts(alerts: readonly Alert[]): Alert {
  const [first] = alerts;
  if (!first) throw new RangeError('mergeAlerts needs at least one alert');
  if (alerts.length === 1) return first;
  const newest = alerts[alerts.length - 1]!;
  const eventIds = [...new Set(alerts.flatMap((a) => a.eventIds))].slice(0, maxEventIds);
  const times = (pick: (a: Alert) => string) =>
    alerts
      .map(pick)
      .filter((t) => t !== '')
      .sort();
  const firstTimes = times((a) => a.firstTime);
  const lastTimes = times((a) => a.lastTime);
  return {
    ...newest,
    id: createHash('sha256')
      .update(alerts.map((a) => a.id).join('\u0000'))
      .digest('hex')
      .slice(0, 16),
    alertIds: alerts.map((a) => a.id),
    count: alerts.reduce((sum, a) => sum + a.count, 0),
    suppressed: alerts.reduce((sum, a) => sum + a.suppressed, 0),
    eventIds,
    firstTime: firstTimes[0] ?? newest.firstTime,
    lastTime: lastTimes[lastTimes.length - 1] ?? newest.lastTime,
  };
}
