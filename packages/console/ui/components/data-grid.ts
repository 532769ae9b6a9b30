import { el, type Child } from '../dom/el.js';

export interface Column<T> {
  title: string;
  class?: string;
  cell(item: T): Child;
}

/** A dense table of items; a row with onOpen is clickable and keyboard-focusable. */
export function dataGrid<T>(
  items: T[],
  columns: Column<T>[],
  onOpen?: (item: T) => void,
  rowClass?: string,
): HTMLElement {
  const head = el('tr', {}, ...columns.map((c) => el('th', { attrs: { scope: 'col' } }, c.title)));
  const body = el(
    'tbody',
    {},
    ...items.map((item) => {
      const tr = el(
        'tr',
        { class: rowClass ?? '' },
        ...columns.map((c) => el('td', { class: c.class ?? '' }, c.cell(item))),
      );
      if (onOpen) {
        tr.tabIndex = 0;
        tr.classList.add('clickable');
        tr.addEventListener('click', () => onOpen(item));
        tr.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' && e.target === tr) onOpen(item);
        });
      }
      return tr;
    }),
  );
  return el('table', { class: 'grid' }, el('thead', {}, head), body);
}
