import { el } from '../dom/el.js';
import { link } from '../dom/link.js';

const pages: Array<[string, string]> = [
  ['events', 'Events'],
  ['alerts', 'Alerts'],
  ['rules', 'Rules'],
  ['health', 'Health'],
];

export interface NavBar {
  element: HTMLElement;
  setActive(page: string): void;
  /** Shows "Sign out" when the server requires a token. */
  setSignOut(handler: (() => void) | null): void;
}

export function navBar(): NavBar {
  const links = new Map(pages.map(([route, label]) => [route, link(`#/${route}`, label)]));
  const signOutSlot = el('span', { class: 'session' });
  const element = el(
    'header',
    { class: 'top' },
    el('span', { class: 'brand' }, 'b2c-audit-alerts'),
    el('nav', { attrs: { 'aria-label': 'Pages' } }, ...links.values()),
    signOutSlot,
  );
  return {
    element,
    setActive(page) {
      for (const [route, a] of links) {
        if (route === page) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
    },
    setSignOut(handler) {
      signOutSlot.replaceChildren();
      if (!handler) return;
      const button = el('button', { attrs: { type: 'button' } }, 'Sign out');
      button.addEventListener('click', handler);
      signOutSlot.append(button);
    },
  };
}
