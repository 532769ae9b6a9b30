import { el } from '../dom/el.js';
import { apiPost } from '../api/api-client.js';
import { ApiError } from '../api/api-error.js';
import { errorNotice, notice } from './notice.js';

/**
 * The sign-in form shown when the server requires CONSOLE_TOKEN and we have no session: the token goes
 * to POST /api/login, which sets an HttpOnly cookie; the page never stores it.
 */
export function loginForm(onSignedIn: () => void): HTMLElement {
  const input = el('input', {
    attrs: {
      type: 'password',
      name: 'token',
      autocomplete: 'current-password',
      'aria-label': 'Console token',
      required: '',
    },
  });
  const status = el('div', { class: 'login-status' });
  const submit = el('button', { class: 'primary', attrs: { type: 'submit' } }, 'Sign in');
  const form = el(
    'form',
    { class: 'login', attrs: { 'aria-label': 'Sign in' } },
    el('h1', {}, 'Sign in to the console'),
    el('p', {}, 'This console requires its token (CONSOLE_TOKEN, set where the console runs).'),
    el('label', {}, el('span', { class: 'label' }, 'Token'), input),
    submit,
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    status.replaceChildren();
    apiPost<unknown>('/api/login', { token: input.value })
      .then(() => {
        input.value = '';
        onSignedIn();
      })
      .catch((error: unknown) => {
        const refused = error instanceof ApiError && error.status === 401;
        status.append(refused ? notice('error', 'The token was refused; check it and try again.') : errorNotice(error));
        submit.disabled = false;
      });
  });
  queueMicrotask(() => input.focus());
  return form;
}
