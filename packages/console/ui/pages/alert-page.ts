import { el } from '../dom/el.js';
import { link } from '../dom/link.js';
import { apiGet } from '../api/api-client.js';
import type { AlertRecord, Delivery } from '../api/api-types.js';
import { dataGrid } from '../components/data-grid.js';
import { longText } from '../components/long-text.js';
import { errorNotice, notice } from '../components/notice.js';
import { alertsUnavailable, unavailableReason } from '../components/alerts/alert-unavailable.js';
import { alertEventsHash, alertHourHash, maxLinkedIds } from '../components/alerts/alert-links.js';
import { deliverySummary } from '../components/alerts/delivery-summary.js';
import { timeText } from '../components/time-text.js';
import { Loader } from './loader.js';
import type { Page } from './page.js';

function view(alert: AlertRecord): HTMLElement {
  const exact = alertEventsHash(alert.eventIds);
  const pairs: Array<[string, Node | string]> = [
    ['Rule', el('span', {}, el('code', {}, alert.ruleId))],
    ['Severity', el('span', { class: `severity severity-${alert.severity}` }, alert.severity)],
    ['Tenant', longText(alert.tenant)],
    ['Group', longText(alert.group)],
    ['Events', String(alert.count)],
    ['First event (UTC)', timeText(alert.firstEventAt)],
    ['Last event (UTC)', timeText(alert.lastEventAt)],
    ['Raised at (UTC)', timeText(alert.raisedAt)],
    ['Channels', alert.channels.join(', ') || 'none'],
    ['Delivery', deliverySummary(alert)],
  ];
  return el(
    'div',
    { class: 'alert-view' },
    el('h1', {}, longText(alert.title, 200)),
    el(
      'p',
      { class: 'links' },
      exact
        ? link(exact, `Its ${alert.eventIds.length} events`)
        : el('span', { class: 'muted' }, `More than ${maxLinkedIds} events: open the hour around them.`),
      ' · ',
      link(alertHourHash(alert), 'The hour around them'),
    ),
    el('dl', { class: 'fields' }, ...pairs.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    el('h2', {}, 'Deliveries'),
    alert.deliveries.length === 0
      ? notice('info', 'No deliveries.')
      : dataGrid<Delivery>(alert.deliveries, [
          { title: 'Route', cell: (d) => longText(d.route, 80) },
          { title: 'Channel', cell: (d) => d.channel },
          { title: 'State', cell: (d) => el('span', { class: `delivery-${d.state}` }, d.state) },
          { title: 'At (UTC)', class: 'time', cell: (d) => timeText(d.at) },
          { title: 'Attempts', class: 'num', cell: (d) => String(d.attempts) },
          { title: 'Error', cell: (d) => (d.error ? longText(d.error, 200) : '') },
        ]),
  );
}

/** One alert (`#/alerts/<id>`): its fields, its deliveries and links to its events. */
export function alertPage(id: string): Page {
  const body = el('div', {}, notice('loading', 'Loading the alert…'));
  const element = el('div', { class: 'page alert-page' }, body);
  const loader = new Loader();
  loader.run(
    async (signal) => {
      const alert = await apiGet<AlertRecord>(`/api/alerts/${encodeURIComponent(id)}`, undefined, signal);
      body.replaceChildren(view(alert));
    },
    (error) => {
      const reason = unavailableReason(error);
      body.replaceChildren(reason === undefined ? errorNotice(error) : alertsUnavailable(reason));
    },
  );
  return { element, update() {}, dispose: () => loader.abort() };
}
