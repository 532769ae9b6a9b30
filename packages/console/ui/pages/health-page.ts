import { el } from '../dom/el.js';
import { apiGet } from '../api/api-client.js';
import type { Health } from '../api/api-types.js';
import { ApiError } from '../api/api-error.js';
import { dataGrid } from '../components/data-grid.js';
import { longText } from '../components/long-text.js';
import { errorNotice, notice } from '../components/notice.js';
import { timeText } from '../components/time-text.js';
import { Loader } from './loader.js';
import type { Page } from './page.js';

type Tenant = Health['tenants'][number];
type Queue = Health['queues'][number];

function unavailable(reason: string | undefined): HTMLElement {
  return el(
    'div',
    { class: 'unavailable', attrs: { role: 'status' } },
    el('h2', {}, 'Health is not available'),
    reason ? el('p', {}, `The server says: ${reason}`) : '',
    el(
      'p',
      {},
      'Watermarks, polls, queues and dead letters are the worker’s state in Redis. Start the console with the worker’s ',
      el('code', {}, 'REDIS_URL'),
      ', or enable the console served by the worker, to see them here.',
    ),
  );
}

function view(health: Health): HTMLElement {
  return el(
    'div',
    {},
    el('p', { class: 'meta' }, 'Rule set version: ', el('code', {}, health.ruleSetVersion ?? 'unknown')),
    el('h2', {}, 'Tenants'),
    health.tenants.length === 0
      ? notice('info', 'No tenant has been polled yet.')
      : dataGrid<Tenant>(health.tenants, [
          { title: 'Tenant', cell: (t) => longText(t.name, 120) },
          { title: 'Watermark (UTC)', class: 'time', cell: (t) => timeText(t.watermark) || '–' },
          { title: 'Lag', class: 'num', cell: (t) => (t.lagSeconds === null ? '–' : `${Math.round(t.lagSeconds)} s`) },
          { title: 'Last poll (UTC)', class: 'time', cell: (t) => timeText(t.lastPollAt) || '–' },
          { title: 'Outcome', cell: (t) => (t.lastPollOutcome ? longText(t.lastPollOutcome, 200) : '–') },
          { title: 'Throttled until', class: 'time', cell: (t) => timeText(t.throttledUntil) || 'no' },
        ]),
    el('h2', {}, 'Queues'),
    health.queues.length === 0
      ? notice('info', 'No queues.')
      : dataGrid<Queue>(health.queues, [
          { title: 'Queue', cell: (q) => q.name },
          { title: 'Waiting', class: 'num', cell: (q) => String(q.waiting) },
          { title: 'Active', class: 'num', cell: (q) => String(q.active) },
          { title: 'Delayed', class: 'num', cell: (q) => String(q.delayed) },
          { title: 'Failed', class: 'num', cell: (q) => String(q.failed) },
        ]),
    el('h2', {}, 'Dead letters'),
    el(
      'p',
      {},
      health.deadLetters === null ? 'unknown' : `${health.deadLetters} dead letters (read only here; `,
      health.deadLetters === null ? '' : el('code', {}, 'b2c-alerts deadletters'),
      health.deadLetters === null ? '' : ' lists and retries them).',
    ),
  );
}

/** Health: per tenant watermark, lag, last poll, throttling; queue depths; dead letters; rule set version. */
export function healthPage(): Page {
  const body = el('div', {}, notice('loading', 'Loading health…'));
  const element = el('div', { class: 'page health-page' }, el('h1', {}, 'Health'), body);
  const loader = new Loader();
  loader.run(
    async (signal) => {
      const health = await apiGet<Health>('/api/health', undefined, signal);
      body.replaceChildren(health.available === false ? unavailable(health.reason) : view(health));
    },
    (error) => {
      if (error instanceof ApiError && error.status === 501) {
        const reason = (error.body as { reason?: unknown } | null)?.reason;
        body.replaceChildren(unavailable(typeof reason === 'string' ? reason : undefined));
      } else body.replaceChildren(errorNotice(error));
    },
  );
  return { element, update() {}, dispose: () => loader.abort() };
}
