import { el } from '../../dom/el.js';
import { dataText } from '../../dom/data-text.js';
import { titleOf } from '../long-text.js';

/** Sets one filter to a value (a pivot) and shows Events with it. */
export type PivotHandler = (field: string, value: string) => void;

/**
 * A value that filters on itself when clicked: a button (never a link), its text inert, the full value in
 * the title. The click does not reach the row under it (which opens the details).
 */
export function pivot(field: string, value: string, onPivot: PivotHandler, shown: string = value): HTMLElement {
  const button = el('button', {
    class: `pivot pivot-${field}`,
    title: `Filter on ${field} = ${titleOf(value)}`,
    attrs: { type: 'button', 'data-field': field },
  });
  button.append(dataText(shown));
  button.addEventListener('click', (event) => {
    event.stopPropagation();
    onPivot(field, value);
  });
  return button;
}
