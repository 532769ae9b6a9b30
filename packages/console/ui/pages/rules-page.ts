import { el } from '../dom/el.js';
import { apiGet } from '../api/api-client.js';
import type { RuleList, RuleSummary } from '../api/api-types.js';
import { dataGrid } from '../components/data-grid.js';
import { longText } from '../components/long-text.js';
import { errorNotice, notice } from '../components/notice.js';
import { timeText } from '../components/time-text.js';
import { buildHash } from '../state/hash-route.js';
import { Loader } from './loader.js';
import type { Page } from './page.js';

/** Rules: the rule set in use; a rule opens its YAML, runbook, test cases and backtest. */
export function rulesPage(): Page {
  const body = el('div', {}, notice('loading', 'Loading rules…'));
  const heading = el('h1', {}, 'Rules');
  const element = el('div', { class: 'page rules-page' }, heading, body);
  const loader = new Loader();
  loader.run(
    async (signal) => {
      const list = await apiGet<RuleList>('/api/rules', undefined, signal);
      if (list.version) heading.append(el('span', { class: 'version' }, ` rule set ${list.version}`));
      body.replaceChildren(
        list.available === false
          ? notice('info', list.reason ?? 'The console has no rules loaded.')
          : list.rules.length === 0
            ? notice('info', 'The console has no rules loaded.')
            : dataGrid<RuleSummary>(
                list.rules,
                [
                  { title: 'Id', cell: (r) => el('code', {}, r.id) },
                  { title: 'Title', cell: (r) => longText(r.title, 120) },
                  {
                    title: 'Severity',
                    cell: (r) => el('span', { class: `severity severity-${r.severity}` }, r.severity),
                  },
                  { title: 'Enabled', cell: (r) => (r.enabled ? 'yes' : 'no') },
                  { title: 'Kind', cell: (r) => r.kind },
                  {
                    title: 'Matches 24 h',
                    class: 'num',
                    cell: (r) => (r.matches24h === null ? '–' : String(r.matches24h)),
                  },
                  { title: 'Last match (UTC)', class: 'time', cell: (r) => timeText(r.lastMatch) || '–' },
                ],
                (r) => {
                  location.hash = buildHash(['rules', r.id]);
                },
                'rule',
              ),
      );
    },
    (error) => body.replaceChildren(errorNotice(error)),
  );
  return { element, update() {}, dispose: () => loader.abort() };
}
