import { el } from '../../dom/el.js';
import { filterFields, type FilterField } from '../../state/filter-fields.js';
import type { FilterState } from '../../state/event-filter-query.js';

export interface FilterBar {
  element: HTMLElement;
  /** Marks the field the API refused and shows its message beside the bar; null clears. */
  showError(error: { field?: string | undefined; message: string } | null): void;
}

function inputFor(field: FilterField, value: string): HTMLInputElement {
  const input = el('input', {
    attrs: { type: 'text', name: field.name, 'aria-label': field.label, autocomplete: 'off', spellcheck: 'false' },
  });
  if (field.placeholder) input.placeholder = field.placeholder;
  if (field.options) input.setAttribute('list', `options-${field.name}`);
  input.value = value;
  return input;
}

/**
 * The filter bar of the Events page: one labelled input per filter of the contract (one per value for
 * repeatable ones, with a + to add another), Apply and Clear. Submitting hands the state back; the page
 * puts it in the URL.
 */
export function filterBar(state: FilterState, onApply: (next: FilterState) => void): FilterBar {
  const form = el('form', { class: 'filter-bar', attrs: { 'aria-label': 'Filters' } });
  const errorBox = el('div', { class: 'filter-error', attrs: { role: 'alert' } });
  const inputs = new Map<string, HTMLElement>();
  for (const field of filterFields) {
    const values = state.get(field.name) ?? [];
    const box = el('span', { class: 'inputs' });
    if (field.kind === 'repeat') {
      for (const value of values.length > 0 ? values : ['']) box.append(inputFor(field, value));
      const add = el(
        'button',
        { class: 'add', title: `Another ${field.label.toLowerCase()}`, attrs: { type: 'button' } },
        '+',
      );
      add.addEventListener('click', () => box.insertBefore(inputFor(field, ''), add).focus());
      box.append(add);
    } else {
      box.append(inputFor(field, values.join(field.kind === 'list' ? ', ' : '')));
    }
    if (field.options) {
      const list = el('datalist', { attrs: { id: `options-${field.name}` } });
      for (const option of field.options) list.append(el('option', { attrs: { value: option } }));
      box.append(list);
    }
    const label = el('label', { class: `field field-${field.name}` }, el('span', { class: 'label' }, field.label), box);
    inputs.set(field.name, label);
    form.append(label);
  }
  const apply = el('button', { class: 'primary', attrs: { type: 'submit' } }, 'Apply');
  const clear = el('button', { attrs: { type: 'button' } }, 'Clear');
  form.append(el('span', { class: 'actions' }, apply, clear));

  const read = (): FilterState => {
    const next: FilterState = new Map();
    for (const field of filterFields) {
      const values = [...form.querySelectorAll<HTMLInputElement>(`input[name="${field.name}"]`)]
        .flatMap((i) => (field.kind === 'list' ? i.value.split(',') : [i.value]))
        .map((v) => (field.kind === 'repeat' ? v : v.trim()))
        .filter((v) => v.trim().length > 0);
      if (values.length > 0) next.set(field.name, values);
    }
    return next;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onApply(read());
  });
  clear.addEventListener('click', () => onApply(new Map()));

  const element = el('section', { class: 'filters' }, form, errorBox);
  return {
    element,
    showError(error) {
      for (const label of inputs.values()) label.classList.remove('invalid');
      errorBox.replaceChildren();
      if (!error) return;
      const label = error.field ? inputs.get(error.field === 'details' ? 'detail' : error.field) : undefined;
      label?.classList.add('invalid');
      const name = error.field ? (filterFields.find((f) => f.name === error.field)?.label ?? error.field) : undefined;
      errorBox.append(name ? el('strong', {}, `${name}: `) : '', error.message);
    },
  };
}
