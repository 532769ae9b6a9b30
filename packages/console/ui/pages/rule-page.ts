import { el } from '../dom/el.js';
import { link } from '../dom/link.js';
import { apiGet } from '../api/api-client.js';
import type { RuleDetails } from '../api/api-types.js';
import { backtestForm } from '../components/rules/backtest-form.js';
import { dataGrid } from '../components/data-grid.js';
import { longText } from '../components/long-text.js';
import { errorNotice, notice } from '../components/notice.js';
import { Loader } from './loader.js';
import type { Page } from './page.js';

function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? '');
}

/** The runbook: a string as is, an object (meaning, triage, action…) as one heading per part. */
function runbook(value: unknown): HTMLElement {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return el(
      'dl',
      { class: 'runbook' },
      ...Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
        el('dt', {}, k),
        el('dd', {}, el('pre', {}, longText(asText(v), 20_000))),
      ]),
    );
  }
  return el('pre', { class: 'runbook' }, longText(asText(value ?? 'No runbook.'), 20_000));
}

/** A test case's expectation: no alert, or how many and their shape (compact JSON). */
function expectation(value: unknown): HTMLElement {
  if (Array.isArray(value)) {
    if (value.length === 0) return el('span', { class: 'muted' }, 'no alert');
    const shapes = value.map((v) => JSON.stringify(v) ?? '').join('; ');
    return el(
      'span',
      {},
      `${value.length} alert${value.length === 1 ? '' : 's'}: `,
      el('code', {}, longText(shapes, 300)),
    );
  }
  return el('code', {}, longText(asText(value), 300));
}

/** One rule (`#/rules/<id>`): YAML, runbook, test cases and the backtest form. */
export function rulePage(id: string): Page {
  const body = el('div', {}, notice('loading', 'Loading the rule…'));
  const element = el('div', { class: 'page rule-page' }, el('p', {}, link('#/rules', '← Rules')), body);
  const loader = new Loader();
  loader.run(
    async (signal) => {
      const rule = await apiGet<RuleDetails>(`/api/rules/${encodeURIComponent(id)}`, undefined, signal);
      body.replaceChildren(
        el('h1', {}, longText(rule.title, 200)),
        el(
          'p',
          { class: 'meta' },
          el('code', {}, rule.id),
          ' · ',
          el('span', { class: `severity severity-${rule.severity}` }, rule.severity),
          ' · ',
          rule.enabled ? 'enabled' : 'disabled',
          ' · ',
          rule.kind,
        ),
        rule.description ? el('p', { class: 'description' }, longText(rule.description, 2_000)) : '',
        el(
          'div',
          { class: 'columns' },
          el('section', {}, el('h2', {}, 'YAML'), el('pre', { class: 'yaml' }, longText(rule.yaml, 50_000))),
          el('section', {}, el('h2', {}, 'Runbook'), runbook(rule.runbook)),
        ),
        el('h2', {}, 'Test cases'),
        rule.tests.length === 0
          ? notice('info', 'This rule has no test cases.')
          : dataGrid<RuleDetails['tests'][number]>(rule.tests, [
              { title: 'Case', cell: (t) => longText(t.name, 200) },
              { title: 'Expects', cell: (t) => expectation(t.expect) },
            ]),
        backtestForm(rule.id),
      );
    },
    (error) => body.replaceChildren(errorNotice(error)),
  );
  return { element, update() {}, dispose: () => loader.abort() };
}
