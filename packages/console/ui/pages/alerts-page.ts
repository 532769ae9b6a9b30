import { el } from '../dom/el.js';
import { apiGet } from '../api/api-client.js';
import type { AlertList, AlertRecord } from '../api/api-types.js';
import { dataGrid } from '../components/data-grid.js';
import { longText } from '../components/long-text.js';
import { errorNotice, notice } from '../components/notice.js';
import { alertsUnavailable, unavailableReason } from '../components/alerts/alert-unavailable.js';
import { deliverySummary } from '../components/alerts/delivery-summary.js';
import { timeText } from '../components/time-text.js';
import { buildHash } from '../state/hash-route.js';
import { Loader } from './loader.js';
import type { Page } from './page.js';

const limit = 200;

/** Alerts: what the service raised, newest first; a row opens the alert (`#/alerts/<id>`). */
export function alertsPage(): Page {
  const body = el('div', {}, notice('loading', 'Loading alerts…'));
  const element = el('div', { class: 'page alerts-page' }, el('h1', {}, 'Alerts'), body);
  const loader = new Loader();
  loader.run(
    async (signal) => {
      const list = await apiGet<AlertList>('/api/alerts', new URLSearchParams({ limit: String(limit) }), signal);
      if (list.available === false) {
        body.replaceChildren(alertsUnavailable(list.reason ?? 'the console has no alert history.'));
        return;
      }
      if (list.alerts.length === 0) {
        body.replaceChildren(notice('info', 'No alerts were raised in the retained history.'));
        return;
      }
      body.replaceChildren(
        dataGrid<AlertRecord>(
          list.alerts,
          [
            { title: 'Raised at (UTC)', class: 'time', cell: (a) => timeText(a.raisedAt) },
            { title: 'Rule', cell: (a) => el('span', {}, el('code', {}, a.ruleId), ' ', longText(a.title, 120)) },
            { title: 'Severity', cell: (a) => el('span', { class: `severity severity-${a.severity}` }, a.severity) },
            { title: 'Group', cell: (a) => longText(a.group, 120) },
            { title: 'Count', class: 'num', cell: (a) => String(a.count) },
            { title: 'Channels', cell: (a) => a.channels.join(', ') },
            { title: 'Delivery', cell: (a) => deliverySummary(a) },
          ],
          (a) => {
            location.hash = buildHash(['alerts', a.id]);
          },
          'alert',
        ),
        list.nextCursor ? notice('info', `Showing the newest ${list.alerts.length} alerts.`) : '',
      );
    },
    (error) => {
      const reason = unavailableReason(error);
      body.replaceChildren(reason === undefined ? errorNotice(error) : alertsUnavailable(reason));
    },
  );
  return { element, update() {}, dispose: () => loader.abort() };
}
