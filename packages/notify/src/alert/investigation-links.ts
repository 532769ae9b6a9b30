import type { Alert } from './alert.js';

/** Where the alert can be investigated: the web console (CONSOLE_URL), when one is configured. */
export interface RenderOptions {
  /** The console's base URL (https, or http on loopback), without a trailing slash; no links when absent. */
  consoleUrl?: string;
}

/** The events link stays well inside safeUrl's 2000 characters: ids that do not fit are left out. */
const maxEventsUrlLength = 1800;

/**
 * "Investigate" (`<console>/#/alerts/<id>`) and "Events" (`<console>/#/events?ids=<id>,<id>`), every id
 * URL-encoded, so an id holding `|`, `>`, `"` or `#` stays one path or query value. A merged notification
 * links to its newest alert (whose details it shows); its events link lists every event id that fits.
 * The renderers still pass each URL through safeUrl.
 */
export function investigationLinks(alert: Alert, o: RenderOptions): Array<{ label: string; url: string }> {
  if (o.consoleUrl === undefined || o.consoleUrl === '') return [];
  const base = o.consoleUrl.replace(/\/+$/, '');
  const alertId = alert.alertIds?.[alert.alertIds.length - 1] ?? alert.id;
  const links = [{ label: 'Investigate', url: `${base}/#/alerts/${encodeURIComponent(alertId)}` }];
  let events = `${base}/#/events?ids=`;
  let added = 0;
  for (const id of alert.eventIds) {
    const next = `${events}${added > 0 ? ',' : ''}${encodeURIComponent(id)}`;
    if (next.length > maxEventsUrlLength) break;
    events = next;
    added += 1;
  }
  if (added > 0) links.push({ label: 'Events', url: events });
  return links;
}
