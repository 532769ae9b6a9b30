import { el, type Child } from '../../dom/el.js';
import type { EventDetails, EventRowJson, TargetEntry } from '../../api/api-types.js';
import { longText } from '../long-text.js';
import { pivot, type PivotHandler } from './pivot.js';

/** Characters of the raw record shown before "show all". */
const rawChars = 6_000;

type Pair = [string, string | null, string?];

/** A definition list of the present pairs; a pair with a filter field is a pivot. */
function fields(pairs: Pair[], onPivot: PivotHandler): HTMLElement {
  const dl = el('dl', { class: 'fields' });
  for (const [name, value, field] of pairs) {
    if (value === null || value === '') continue;
    dl.append(el('dt', {}, name), el('dd', {}, field ? pivot(field, value, onPivot) : longText(value)));
  }
  return dl;
}

function section(title: string, ...children: Child[]): HTMLElement {
  return el('section', { class: 'panel-section' }, el('h3', {}, title), ...children);
}

function modified(target: TargetEntry): HTMLElement | null {
  if (target.modified.length === 0) return null;
  return el(
    'table',
    { class: 'grid diff' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Property'), el('th', {}, 'Old'), el('th', {}, ''), el('th', {}, 'New'))),
    el(
      'tbody',
      {},
      ...target.modified.map((m) =>
        el(
          'tr',
          { class: m.oldValue === m.newValue ? 'same' : 'changed' },
          el('td', {}, longText(m.name)),
          el('td', { class: 'old' }, m.oldValue === null ? el('em', {}, 'none') : longText(m.oldValue)),
          el('td', { class: 'arrow' }, '→'),
          el('td', { class: 'new' }, m.newValue === null ? el('em', {}, 'none') : longText(m.newValue)),
        ),
      ),
    ),
  );
}

function targets(row: EventRowJson, onPivot: PivotHandler): HTMLElement {
  if (row.targets.length === 0) return section('Targets', el('p', { class: 'muted' }, 'none'));
  return section(
    'Targets',
    ...row.targets.map((t, i) =>
      el(
        'div',
        { class: 'target' },
        el('h4', {}, `${i + 1}.`),
        fields(
          [
            ['Type', t.type],
            ['Id', t.id, 'target'],
            ['Display name', t.displayName, t.id === null ? 'target' : undefined],
            ['UPN', t.upn, 'target'],
          ],
          onPivot,
        ),
        modified(t),
      ),
    ),
  );
}

function details(row: EventRowJson): HTMLElement {
  if (row.details.length === 0) return section('Additional details', el('p', { class: 'muted' }, 'none'));
  return section(
    'Additional details',
    el(
      'table',
      { class: 'grid kv' },
      el(
        'tbody',
        {},
        ...row.details.map((d) =>
          el('tr', {}, el('th', { attrs: { scope: 'row' } }, longText(d.key, 120)), el('td', {}, longText(d.value))),
        ),
      ),
    ),
  );
}

/**
 * The details panel of one event, as B2C's portal shows it (Activity; Initiated by; Targets with their
 * modified properties as old → new; every additional detail) and the raw record. Everything is text.
 */
export function eventDetails(data: EventDetails, onPivot: PivotHandler, onClose: () => void): HTMLElement {
  const row = data.row;
  const close = el('button', { class: 'close', title: 'Close the details', attrs: { type: 'button' } }, '×');
  close.addEventListener('click', onClose);
  const category =
    row.categoryRaw && row.categoryRaw !== row.category ? `${row.category} (${row.categoryRaw})` : row.category;
  const raw = JSON.stringify(data.record, null, 2) ?? 'The raw record could not be read from its part.';
  return el(
    'aside',
    { class: 'details', attrs: { 'aria-label': 'Event details', 'data-id': row.id } },
    el('header', {}, el('h2', {}, row.activity === null ? 'Event' : longText(row.activity, 200)), close),
    section(
      'Activity',
      fields(
        [
          ['Date (UTC)', row.time],
          ['Activity', row.activity],
          ['Category', category],
          ['Result', row.result],
          ['Result reason', row.resultReason],
          ['Service', row.service],
          ['Operation type', row.operationType],
          ['Correlation id', row.correlationId, 'correlationId'],
          ['Id', row.id],
          ['User agent', row.userAgent],
          ['Policy', row.policyId, 'policy'],
          ['Application', row.appId, 'app'],
        ],
        onPivot,
      ),
    ),
    section(
      'Initiated by (actor)',
      fields(
        [
          ['Type', row.actorType],
          ['Object id', row.actorId, 'actor'],
          ['UPN', row.actorUpn, 'actor'],
          ['Display name', row.actorName, 'actor'],
          ['App id', row.actorAppId, 'actor'],
          ['SPN', row.actorSpn, 'actor'],
          ['IP address', row.ip, 'ip'],
          ['Actor IP address', row.actorIp !== row.ip ? row.actorIp : null, 'ip'],
        ],
        onPivot,
      ),
    ),
    targets(row, onPivot),
    details(row),
    section('Raw record', el('pre', { class: 'raw' }, longText(raw, rawChars))),
  );
}
