// Sign in: the token is asked for once, checked against the server, and kept in this tab
// (sessionStorage) or, when asked, on this device (localStorage). It never goes into a URL.

import { ApiError, getJSON, saveToken, signOut } from '../api.js';
import { h, notice } from '../format.js';

export async function render(root, { query, navigate }) {
  const input = h('input', {
    id: 'token', name: 'token', type: 'password', autocomplete: 'current-password', required: true, spellcheck: 'false',
    'aria-describedby': 'token-help',
  });
  const remember = h('input', { id: 'remember', type: 'checkbox' });
  const message = h('p', { role: 'status', class: 'muted' });
  if (query.get('expired')) message.replaceChildren(notice('The server refused the token: sign in again.', 'error'));
  const form = h('form', { class: 'sign-in', onsubmit: submit },
    h('h1', {}, 'Sign in'),
    h('label', { for: 'token' }, 'Token'),
    input,
    h('p', { id: 'token-help', class: 'muted' }, 'A token of this store, made with ', h('code', {}, 'logbook token create --scope read'), '.'),
    h('label', { class: 'check' }, remember, ' Remember on this device'),
    h('button', { type: 'submit' }, 'Sign in'),
    message);
  root.replaceChildren(form);
  input.focus();

  async function submit(event) {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) return;
    saveToken(value, remember.checked);
    message.replaceChildren('Checking…');
    try {
      await getJSON('/readyz');
    } catch (error) {
      // 503 means the read models are catching up: the token itself was accepted.
      if (!(error instanceof ApiError) || error.status !== 503) {
        signOut();
        message.replaceChildren(notice(error.status === 401 ? 'The server does not know this token.' : error.message, 'error'));
        return;
      }
    }
    const next = query.get('next');
    navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/sessions', { replace: true });
  }
}
