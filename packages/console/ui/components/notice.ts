import { el, type Child } from '../dom/el.js';
import { ApiError } from '../api/api-error.js';

/** A line of status above a page's content: loading, an empty answer, an explanation. */
export function notice(kind: 'info' | 'error' | 'loading', ...children: Child[]): HTMLElement {
  return el('p', { class: `notice notice-${kind}`, attrs: kind === 'error' ? { role: 'alert' } : {} }, ...children);
}

/** An API or network failure as a notice that says what happened. */
export function errorNotice(error: unknown): HTMLElement {
  if (error instanceof ApiError) {
    if (error.status === 401) return notice('error', 'Sign in to see this page.');
    return notice('error', error.field ? `${error.field}: ${error.message}` : error.message);
  }
  return notice('error', `Something failed in the console: ${(error as Error)?.message ?? String(error)}`);
}
