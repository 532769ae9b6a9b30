import { el } from '../../dom/el.js';
import { link } from '../../dom/link.js';
import { apiPost } from '../../api/api-client.js';
import type { BacktestResult } from '../../api/api-types.js';
import { dataGrid } from '../data-grid.js';
import { longText } from '../long-text.js';
import { errorNotice, notice } from '../notice.js';
import { alertEventsHash, alertHourHash } from '../alerts/alert-links.js';
import { timeText } from '../time-text.js';

type BacktestAlert = BacktestResult['alerts'][number];

/** "Backtest": runs the rule over a chosen range of the archive and shows what it would have raised. */
export function backtestForm(ruleId: string): HTMLElement {
  const since = el('input', { attrs: { type: 'text', name: 'since', 'aria-label': 'Backtest since', value: '7d' } });
  const until = el('input', {
    attrs: { type: 'text', name: 'until', 'aria-label': 'Backtest until', placeholder: 'now' },
  });
  const run = el('button', { class: 'primary', attrs: { type: 'submit' } }, 'Backtest');
  const result = el('div', { class: 'backtest-result' });
  const form = el(
    'form',
    { class: 'backtest', attrs: { 'aria-label': 'Backtest' } },
    el('label', {}, el('span', { class: 'label' }, 'Since'), since),
    el('label', {}, el('span', { class: 'label' }, 'Until'), until),
    run,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run.disabled = true;
    result.replaceChildren(notice('loading', 'Running the rule over the archive…'));
    const range: Record<string, string> = { since: since.value.trim() };
    if (until.value.trim()) range.until = until.value.trim();
    apiPost<BacktestResult>(`/api/rules/${encodeURIComponent(ruleId)}/backtest`, range)
      .then((answer) => {
        result.replaceChildren(
          notice(
            'info',
            `${answer.scanned} events scanned; the rule would have raised ${answer.alerts.length} alerts.`,
          ),
          answer.alerts.length === 0
            ? ''
            : dataGrid<BacktestAlert>(answer.alerts, [
                { title: 'Group', cell: (a) => longText(a.groupKey, 120) },
                { title: 'Count', class: 'num', cell: (a) => String(a.count) },
                { title: 'First event (UTC)', class: 'time', cell: (a) => timeText(a.firstEventAt) },
                { title: 'Last event (UTC)', class: 'time', cell: (a) => timeText(a.lastEventAt) },
                {
                  title: 'Events',
                  cell: (a) => {
                    const exact = alertEventsHash(a.eventIds);
                    return el(
                      'span',
                      {},
                      exact ? link(exact, 'its events') : '',
                      exact ? ' · ' : '',
                      link(alertHourHash(a), 'the hour around'),
                    );
                  },
                },
              ]),
        );
      })
      .catch((error: unknown) => result.replaceChildren(errorNotice(error)))
      .finally(() => {
        run.disabled = false;
      });
  });
  return el('section', { class: 'backtest-section' }, el('h2', {}, 'Backtest'), form, result);
}
