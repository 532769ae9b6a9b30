import { el } from '../dom/el.js';
import { dataText } from '../dom/data-text.js';

/** Characters of a value shown before "show all"; a 100 kB value costs nothing until asked for. */
export const shownChars = 400;
/** The longest title attribute we set (the tooltip of a truncated cell). */
const maxTitle = 4_000;

export function titleOf(value: string): string {
  return value.length > maxTitle ? `${value.slice(0, maxTitle)}… (${value.length - maxTitle} more characters)` : value;
}

/**
 * A value of event data as inert text, cut at `limit` characters with a "show all" toggle that swaps in
 * the whole text (and back). The full text (bounded) is in the title.
 */
export function longText(value: string, limit = shownChars): HTMLElement {
  if (value.length <= limit) {
    const span = dataText(value);
    span.title = value;
    return span;
  }
  const wrap = el('span', { class: 'long' });
  const short = dataText(`${value.slice(0, limit)}…`);
  short.title = titleOf(value);
  let full: HTMLElement | undefined;
  const toggle = el(
    'button',
    { class: 'show-all', attrs: { type: 'button' } },
    `show all (${value.length} characters)`,
  );
  toggle.addEventListener('click', (event) => {
    event.stopPropagation();
    const expanded = wrap.classList.toggle('expanded');
    full ??= dataText(value);
    wrap.replaceChild(expanded ? full : short, expanded ? short : full);
    toggle.textContent = expanded ? 'show less' : `show all (${value.length} characters)`;
  });
  wrap.append(short, ' ', toggle);
  return wrap;
}
