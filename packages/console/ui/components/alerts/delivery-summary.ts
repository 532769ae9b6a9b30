import { el } from '../../dom/el.js';
import type { AlertRecord } from '../../api/api-types.js';

/** The alert's state and each delivery's channel and state, e.g. `routed: slack sent, email failed`. */
export function deliverySummary(alert: AlertRecord): HTMLElement {
  const span = el('span', { class: `delivery state-${alert.state}` }, alert.state);
  if (alert.deliveries.length > 0) {
    span.append(': ');
    alert.deliveries.forEach((d, i) => {
      span.append(
        i > 0 ? ', ' : '',
        el('span', { class: `delivery-${d.state}`, title: d.error ?? `${d.route} ${d.at}` }, `${d.channel} ${d.state}`),
      );
    });
  }
  return span;
}
