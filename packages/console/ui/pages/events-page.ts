import { el } from '../dom/el.js';
import { link } from '../dom/link.js';
import { apiGet } from '../api/api-client.js';
import { ApiError } from '../api/api-error.js';
import type { EventDetails, EventPage, Histogram } from '../api/api-types.js';
import { filterBar, type FilterBar } from '../components/events/filter-bar.js';
import { histogram } from '../components/events/histogram.js';
import { eventsTable } from '../components/events/events-table.js';
import { eventDetails } from '../components/events/event-details.js';
import { errorNotice, notice } from '../components/notice.js';
import { sourcesNotice } from '../components/events/sources-notice.js';
import { buildHash, type Route } from '../state/hash-route.js';
import {
  filterFromQuery,
  filterKey,
  filterToQuery,
  withFilter,
  type FilterState,
} from '../state/event-filter-query.js';
import { isoSeconds } from '../state/histogram-range.js';
import { Loader } from './loader.js';
import type { Page } from './page.js';

const pageSize = 50;
const buckets = 60;

/** The hash of the Events page for a filter, with an open event when given. */
export function eventsHash(filter: FilterState, eventId?: string | null): string {
  const query = filterToQuery(filter);
  if (eventId) query.set('event', eventId);
  return buildHash(['events'], query);
}

/** Links to the same filter over the last 24 h, 7, 30 or 90 days (since relative, no until). */
function quickRanges(filter: FilterState): HTMLElement {
  const span = el('span', { class: 'quick-ranges' }, 'Last: ');
  ['24h', '7d', '30d', '90d'].forEach((since, i) => {
    const next: FilterState = new Map(filter);
    next.delete('until');
    next.set('since', [since]);
    const a = link(eventsHash(next), since);
    if (filter.get('since')?.[0] === since && !filter.has('until')) a.setAttribute('aria-current', 'true');
    span.append(i > 0 ? ' · ' : '', a);
  });
  return span;
}

/**
 * Events: the filter bar, the histogram (drag to zoom), the paged table (newest first, Older/Newer by
 * cursor), the details panel of the event named by `event=` in the hash, pivots and the CSV link. The
 * filter lives in the hash; this page only reads it and navigates.
 */
export function eventsPage(route: Route): Page {
  let filter: FilterState = new Map();
  let key: string | null = null;
  let openId: string | null = null;
  /** Cursors of the pages before this one (for Newer); the current page's own `before`. */
  let cursors: Array<string | null> = [];
  let before: string | null = null;
  let rows: EventPage['rows'] = [];

  const bar = el('div', { class: 'bar-slot' });
  const tools = el('div', { class: 'tools' });
  const chart = el('div', { class: 'histogram-slot' });
  const status = el('div', { class: 'status' });
  const table = el('div', { class: 'table-slot' });
  const pager = el('div', { class: 'pager' });
  const panel = el('div', { class: 'details-slot' });
  const element = el(
    'div',
    { class: 'page events-page' },
    bar,
    tools,
    chart,
    el('div', { class: 'split' }, el('div', { class: 'main' }, status, table, pager), panel),
  );
  let filterBarView: FilterBar | null = null;
  const pageLoader = new Loader();
  const chartLoader = new Loader();
  const detailsLoader = new Loader();

  const go = (next: FilterState, eventId: string | null = null) => {
    location.hash = eventsHash(next, eventId);
  };
  const onPivot = (field: string, value: string) => go(withFilter(filter, field, value));
  const onOpen = (id: string) => go(filter, id);

  const showError = (error: unknown) => {
    if (error instanceof ApiError && error.status === 400) filterBarView?.showError(error);
    status.replaceChildren(errorNotice(error));
    table.replaceChildren();
    pager.replaceChildren();
  };

  const renderTable = () =>
    table.replaceChildren(
      rows.length === 0 ? notice('info', 'No events match these filters.') : eventsTable(rows, openId, onOpen, onPivot),
    );

  const loadPage = () => {
    status.replaceChildren(notice('loading', 'Loading events…'));
    pageLoader.run(async (signal) => {
      const query = filterToQuery(filter);
      query.set('limit', String(pageSize));
      if (before) query.set('before', before);
      const page = await apiGet<EventPage>('/api/events', query, signal);
      rows = page.rows;
      status.replaceChildren(sourcesNotice(page.sources) ?? '');
      renderTable();
      const older = el('button', { class: 'older', attrs: { type: 'button' } }, 'Older');
      older.disabled = page.nextCursor === null;
      older.addEventListener('click', () => {
        cursors.push(before);
        before = page.nextCursor;
        loadPage();
      });
      const newer = el('button', { class: 'newer', attrs: { type: 'button' } }, 'Newer');
      newer.disabled = cursors.length === 0;
      newer.addEventListener('click', () => {
        before = cursors.pop() ?? null;
        loadPage();
      });
      const first = cursors.length * pageSize + 1;
      pager.replaceChildren(
        newer,
        el('span', { class: 'range' }, rows.length === 0 ? 'no rows' : `rows ${first}–${first + rows.length - 1}`),
        older,
      );
    }, showError);
  };

  const loadChart = () => {
    chartLoader.run(
      async (signal) => {
        const query = filterToQuery(filter);
        query.set('buckets', String(buckets));
        const data = await apiGet<Histogram>('/api/events/histogram', query, signal);
        chart.replaceChildren(
          histogram(data, (range) => {
            const next = new Map(filter);
            next.set('since', [isoSeconds(range.since)]);
            next.set('until', [isoSeconds(range.until)]);
            go(next);
          }),
        );
      },
      (error) => chart.replaceChildren(error instanceof ApiError && error.status === 400 ? '' : errorNotice(error)),
    );
  };

  const loadDetails = () => {
    if (!openId) {
      detailsLoader.abort();
      panel.replaceChildren();
      element.classList.remove('with-details');
      return;
    }
    const id = openId;
    element.classList.add('with-details');
    panel.replaceChildren(notice('loading', 'Loading the event…'));
    detailsLoader.run(
      async (signal) => {
        const data = await apiGet<EventDetails>(`/api/events/${encodeURIComponent(id)}`, undefined, signal);
        panel.replaceChildren(eventDetails(data, onPivot, () => go(filter)));
      },
      (error) =>
        panel.replaceChildren(
          error instanceof ApiError && error.status === 404
            ? notice('error', 'No event with this id in the archive.')
            : errorNotice(error),
        ),
    );
  };

  const update = (next: Route) => {
    const nextKey = filterKey(next.query);
    const nextOpen = next.query.get('event');
    if (nextKey !== key) {
      key = nextKey;
      filter = filterFromQuery(next.query);
      cursors = [];
      before = null;
      filterBarView = filterBar(filter, (state) => go(state));
      bar.replaceChildren(filterBarView.element);
      const csv = link(`/api/events.csv${nextKey ? `?${nextKey}` : ''}`, 'Download CSV');
      csv.setAttribute('download', '');
      csv.classList.add('button', 'csv');
      tools.replaceChildren(csv, quickRanges(filter));
      openId = nextOpen;
      loadChart();
      loadPage();
      loadDetails();
      return;
    }
    if (nextOpen !== openId) {
      openId = nextOpen;
      for (const tr of table.querySelectorAll('tr.event'))
        tr.classList.toggle('selected', tr.getAttribute('data-id') === openId);
      loadDetails();
    }
  };
  update(route);
  return {
    element,
    update,
    dispose() {
      pageLoader.abort();
      chartLoader.abort();
      detailsLoader.abort();
    },
  };
}
