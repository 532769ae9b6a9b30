import { el } from './el.js';

/** Bidi overrides and isolates, and C0/C1 controls: shown as a visible code, never applied. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function code(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Event-sourced text as inert nodes: text nodes only, with each control or bidi character replaced by a
 * visible `⟨U+202E⟩` marker, inside a span whose CSS isolates it (unicode-bidi: isolate).
 */
export function dataText(value: string, className = 'data'): HTMLSpanElement {
  const span = el('span', { class: className });
  let last = 0;
  for (const match of value.matchAll(controls)) {
    const at = match.index;
    if (at > last) span.appendChild(document.createTextNode(value.slice(last, at)));
    span.appendChild(el('span', { class: 'ctl', title: `control character ${code(match[0])}` }, `⟨${code(match[0])}⟩`));
    last = at + match[0].length;
  }
  if (last < value.length) span.appendChild(document.createTextNode(value.slice(last)));
  return span;
}
