import { el, type Child } from './el.js';

/**
 * A link to one of our own places: a console route (`#/…`) or our API (`/api/…`). Anything else is
 * refused, so a `javascript:` or remote address from event data can never become a clickable href.
 */
export function link(href: string, ...children: Child[]): HTMLAnchorElement {
  if (!isOwnHref(href)) throw new Error('link(): only #/ routes and /api/ addresses are allowed');
  const a = el('a', {}, ...children);
  a.setAttribute('href', href);
  return a;
}

export function isOwnHref(href: string): boolean {
  return href.startsWith('#/') || (href.startsWith('/api/') && !href.startsWith('//'));
}
