import { el } from './dom/el.js';
import { apiGet, apiPost, authRequiredEvent } from './api/api-client.js';
import type { Session } from './api/api-types.js';
import { loginForm } from './components/login-form.js';
import { navBar } from './components/nav-bar.js';
import { errorNotice, notice } from './components/notice.js';
import type { Page } from './pages/page.js';
import { routePage } from './pages/route-page.js';
import { parseHash } from './state/hash-route.js';

/**
 * The console application: asks /api/session whether a token is required, shows the login form when it
 * is and we have no session (and whenever the API answers 401), and otherwise the page the hash names.
 */
export function startApp(root: HTMLElement): void {
  const nav = navBar();
  const content = el('main', { class: 'content' });
  root.replaceChildren(nav.element, content);
  let page: Page | null = null;
  let pageKey: string | null = null;
  let signingIn = false;

  const showPage = () => {
    if (signingIn) return;
    const route = parseHash(location.hash);
    const key = route.path.length === 0 ? 'events' : route.path.join('/');
    const target = routePage(route);
    nav.setActive(target.name);
    if (page && key === pageKey) {
      page.update(route);
      return;
    }
    page?.dispose();
    page = target.create();
    pageKey = key;
    content.replaceChildren(page.element);
  };

  const showLogin = () => {
    if (signingIn) return;
    signingIn = true;
    page?.dispose();
    page = null;
    pageKey = null;
    nav.setSignOut(null);
    content.replaceChildren(
      loginForm(() => {
        signingIn = false;
        start();
      }),
    );
  };

  const signOut = () => {
    apiPost<unknown>('/api/logout', {})
      .catch(() => undefined)
      .finally(showLogin);
  };

  const start = () => {
    content.replaceChildren(notice('loading', 'Connecting…'));
    apiGet<Session>('/api/session')
      .then((session) => {
        if (session.required && !session.authenticated) {
          showLogin();
          return;
        }
        nav.setSignOut(session.required ? signOut : null);
        showPage();
      })
      .catch((error: unknown) => content.replaceChildren(errorNotice(error)));
  };

  window.addEventListener('hashchange', showPage);
  window.addEventListener(authRequiredEvent, showLogin);
  start();
}
