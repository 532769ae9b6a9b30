import { el } from '../../dom/el.js';
import { ApiError } from '../../api/api-error.js';

/** The reason the API gives when the console has no alert history, or undefined for other errors. */
export function unavailableReason(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || (error.status !== 501 && error.code !== 'unavailable')) return undefined;
  if (error.code === 'unavailable') return error.message;
  const reason = (error.body as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : 'the console has no alert history.';
}

/** What to do when alerts are unavailable: the history lives in the worker's Redis. */
export function alertsUnavailable(reason: string): HTMLElement {
  return el(
    'div',
    { class: 'unavailable', attrs: { role: 'status' } },
    el('h2', {}, 'Alerts are not available'),
    el('p', {}, `The server says: ${reason}`),
    el(
      'p',
      {},
      'The alert history is kept by the worker in Redis. To see it here, give the console the same Redis as the worker ',
      el('code', {}, 'REDIS_URL'),
      ' (for example ',
      el('code', {}, 'REDIS_URL=redis://127.0.0.1:6379 b2c-alerts console --archive DIR'),
      '), or enable the console served by the worker.',
    ),
  );
}
