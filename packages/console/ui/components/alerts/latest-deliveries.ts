/** The fields that say which delivery an outcome belongs to. */
export interface DeliveryKey {
  route: string;
  channel: string;
}

/**
 * Each route and channel's latest outcome, in the order each pair first appears. Deliveries come oldest
 * first, so a later outcome replaces an earlier one: `failed, failed, sent` on one channel is `sent`.
 * The same rule as the CLI's `alerts list` (apps/cli/src/alerts/delivery-summary.ts), which keeps its own
 * copy because the UI bundle cannot import the worker's code.
 */
export function latestDeliveries<T extends DeliveryKey>(deliveries: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const d of deliveries) latest.set(`${d.route}\u0000${d.channel}`, d);
  return [...latest.values()];
}
