import { el } from '../../dom/el.js';
import type { EventRowJson } from '../../api/api-types.js';
import { dataText } from '../../dom/data-text.js';
import { titleOf } from '../long-text.js';
import { pivot, type PivotHandler } from './pivot.js';
import { actorKey, actorLabel, shortTime, targetKey } from './event-fields.js';

/** A cell shows one line (CSS ellipsis) of at most this many characters; the title has the rest. */
const cellChars = 200;

function text(value: string | null): Node | string {
  if (value === null) return '';
  const span = dataText(value.length > cellChars ? `${value.slice(0, cellChars)}…` : value);
  span.title = titleOf(value);
  return span;
}

function row(event: EventRowJson, onOpen: (id: string) => void, onPivot: PivotHandler, selected: boolean): HTMLElement {
  const actor = actorKey(event);
  const targets = el('td', { class: 'targets' });
  for (const target of event.targets.slice(0, 3)) {
    const key = targetKey(target);
    if (key !== null) targets.append(pivot('target', key, onPivot, target.displayName ?? target.upn ?? key), ' ');
  }
  if (event.targets.length > 3) targets.append(`+${event.targets.length - 3}`);
  const tr = el(
    'tr',
    { class: selected ? 'event selected' : 'event', attrs: { 'data-id': event.id, tabindex: '0' } },
    el('td', { class: 'time', title: event.time }, shortTime(event.time)),
    el('td', { class: 'activity' }, text(event.activity)),
    el('td', { class: 'category' }, text(event.categoryRaw ?? event.category)),
    el('td', { class: `result result-${event.result === 'success' ? 'ok' : 'bad'}` }, text(event.result)),
    el('td', { class: 'actor' }, actor === null ? '' : pivot('actor', actor, onPivot, actorLabel(event) ?? actor)),
    el('td', { class: 'ip' }, event.ip === null ? '' : pivot('ip', event.ip, onPivot)),
    targets,
    el(
      'td',
      { class: 'correlation' },
      event.correlationId === null ? '' : pivot('correlationId', event.correlationId, onPivot),
    ),
  );
  tr.addEventListener('click', () => onOpen(event.id));
  tr.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target === tr) onOpen(event.id);
  });
  return tr;
}

/** The page of events, newest first; a row opens its details, its actor/IP/target/correlation id pivot. */
export function eventsTable(
  rows: EventRowJson[],
  selectedId: string | null,
  onOpen: (id: string) => void,
  onPivot: PivotHandler,
): HTMLElement {
  const head = el(
    'tr',
    {},
    ...['Time (UTC)', 'Activity', 'Category', 'Result', 'Actor', 'IP', 'Targets', 'Correlation id'].map((h) =>
      el('th', { attrs: { scope: 'col' } }, h),
    ),
  );
  const body = el('tbody', {}, ...rows.map((r) => row(r, onOpen, onPivot, r.id === selectedId)));
  return el('table', { class: 'grid events-table' }, el('thead', {}, head), body);
}
