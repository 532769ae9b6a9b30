import { el } from '../../dom/el.js';
import type { AlertRecord } from '../../api/api-types.js';
import { latestDeliveries } from './latest-deliveries.js';

/**
 * The alert's state and each route and channel's latest delivery state, e.g. `routed: slack sent, email failed`
 * (a retried delivery shows once, as its latest outcome, like the CLI's `alerts list`).
 */
export function deliverySummary(alert: AlertRecord): HTMLElement {
  const span = el('span', { class: `delivery state-${alert.state}` }, alert.state);
  const deliveries = latestDeliveries(alert.deliveries);
  if (deliveries.length > 0) {
    span.append(': ');
    deliveries.forEach((d, i) => {
      span.append(
        i > 0 ? ', ' : '',
        el('span', { class: `delivery-${d.state}`, title: d.error ?? `${d.route} ${d.at}` }, `${d.channel} ${d.state}`),
      );
    });
  }
  return span;
}
