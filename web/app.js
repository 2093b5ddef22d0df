// The viewer's shell: routes a path to its view, keeps the back button working with
// history.pushState, sends the user to sign in when the server refuses the token, and
// handles the keyboard shortcuts every view shares.

import { ApiError, signOut, token } from './api.js';
import { h, notice } from './format.js';

const routes = [
  { pattern: /^\/sign-in$/, view: 'signin', nav: null, open: true },
  { pattern: /^\/(sessions)?$/, view: 'sessions', nav: 'sessions' },
  { pattern: /^\/sessions\/([^/]+)$/, view: 'session', nav: 'sessions' },
  { pattern: /^\/runs\/([^/]+)$/, view: 'run', nav: 'sessions' },
  { pattern: /^\/costs$/, view: 'costs', nav: 'costs' },
  { pattern: /^\/live$/, view: 'live', nav: 'live' },
];

const root = document.getElementById('view');
let leave = null; // the current view's cleanup (the live tail closes its stream)
let generation = 0; // a newer navigation makes an older, slower render stop drawing

/** Goes to `path` (with its query) as a new history entry, or in place with `replace`. */
export function navigate(path, { replace = false } = {}) {
  if (path !== location.pathname + location.search) {
    history[replace ? 'replaceState' : 'pushState'](null, '', path);
  }
  render();
}

async function render() {
  const mine = ++generation;
  leave?.();
  leave = null;
  const route = routes.find((candidate) => candidate.pattern.test(location.pathname));
  document.querySelectorAll('[data-nav]').forEach((link) => {
    if (route && link.dataset.nav === route.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
  document.getElementById('sign-out').hidden = !token();
  if (!route) {
    root.replaceChildren(h('h1', {}, 'Not found'), notice(`Nothing at ${location.pathname}.`), h('a', { href: '/sessions' }, 'Sessions'));
    return;
  }
  if (!route.open && !token()) {
    navigate('/sign-in?next=' + encodeURIComponent(location.pathname + location.search), { replace: true });
    return;
  }
  const [, parameter] = location.pathname.match(route.pattern);
  const context = {
    parameter: parameter && decodeURIComponent(parameter),
    query: new URLSearchParams(location.search),
    navigate,
    current: () => mine === generation,
  };
  const container = h('div', { class: `view view-${route.view}` });
  root.replaceChildren(container);
  try {
    const module = await import(`./views/${route.view}.js`);
    if (mine !== generation) return;
    const cleanup = await module.render(container, context);
    if (mine !== generation) cleanup?.();
    else leave = cleanup ?? null;
  } catch (error) {
    if (mine !== generation || error.name === 'AbortError') return;
    if (error instanceof ApiError && error.status === 401) {
      signOut();
      navigate('/sign-in?expired=1&next=' + encodeURIComponent(location.pathname + location.search), { replace: true });
      return;
    }
    container.replaceChildren(h('h1', {}, 'Something went wrong'), notice(error.message, 'error'));
    console.error(error);
  }
}

// Same-origin links change the view without reloading the page.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest('a[href]');
  if (!link || link.target || link.hasAttribute('download')) return;
  const target = new URL(link.href, location.href);
  if (target.origin !== location.origin || target.pathname.startsWith('/v1/') || target.pathname.startsWith('/ui/')) return;
  event.preventDefault();
  navigate(target.pathname + target.search);
});

window.addEventListener('popstate', render);

document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  navigate('/sign-in');
});
const help = document.getElementById('help');
document.getElementById('help-button').addEventListener('click', () => help.showModal());

// Shortcuts: g then s/c/l to change view, j/k to move between rows, / to search.
let pendingG = false;
document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const typing = event.target.closest('input, textarea, select, [contenteditable]');
  if (typing) {
    if (event.key === 'Escape') event.target.blur();
    return;
  }
  if (pendingG) {
    pendingG = false;
    const path = { s: '/sessions', c: '/costs', l: '/live' }[event.key];
    if (path) {
      event.preventDefault();
      navigate(path);
    }
    return;
  }
  switch (event.key) {
    case 'g': pendingG = true; setTimeout(() => { pendingG = false; }, 1500); break;
    case '?': help.open ? help.close() : help.showModal(); break;
    case '/': {
      const search = root.querySelector('[data-search]');
      if (search) { event.preventDefault(); search.focus(); }
      break;
    }
    case 'j': case 'k': moveSelection(event.key === 'j' ? 1 : -1); event.preventDefault(); break;
    case 'Enter': {
      // A focused row opens like its first link (or, without one, as if clicked).
      const row = document.activeElement.closest?.('[data-row]');
      if (!row || document.activeElement.matches('a, button')) break;
      event.preventDefault();
      (row.querySelector('a[href]') ?? row).click();
      break;
    }
    default: break;
  }
});

/** Moves focus to the next or previous row of the view (rows carry `data-row` and are focusable). */
function moveSelection(step) {
  const rows = [...root.querySelectorAll('[data-row]')];
  if (rows.length === 0) return;
  const at = rows.indexOf(document.activeElement.closest('[data-row]'));
  const next = at < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + step));
  rows[next].focus();
  rows[next].scrollIntoView({ block: 'nearest' });
}

render();
