import type { AlertHistoryRecord } from '@b2c-alerts/worker';

/**
 * What became of an alert, in a few words: `silenced`, `no route`, or each channel's latest delivery
 * state counted (`2 sent`, `1 sent, 1 dead`), `pending` before any outcome.
 */
export function deliverySummary(alert: AlertHistoryRecord): string {
  if (alert.state === 'silenced') return 'silenced';
  if (alert.state === 'no-route') return 'no route';
  const latest = new Map<string, string>();
  for (const d of alert.deliveries) latest.set(`${d.route}\u0000${d.channel}`, d.state);
  if (latest.size === 0) return 'pending';
  const counts = new Map<string, number>();
  for (const state of latest.values()) counts.set(state, (counts.get(state) ?? 0) + 1);
  return ['sent', 'failed', 'dead']
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s === 'failed' ? 'retrying' : s}`)
    .join(', ');
}
