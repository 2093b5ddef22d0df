// Sessions, most recently active first, paged; filters by agent, user, status, time range and
// text live in the URL, so a filtered page can be linked to and the back button undoes a filter.

import { getJSON } from '../api.js';
import { ago, count, h, instant, money, notice, shortID, status, tokens } from '../format.js';

const PAGE = 25;
const FILTERS = ['text', 'agent', 'user', 'status', 'from', 'to'];

export async function render(root, { query, navigate, current }) {
  const page = Math.max(0, Number.parseInt(query.get('page') ?? '0', 10) || 0);
  const form = filterForm(query, navigate);
  const body = h('div', { class: 'results' }, notice('Loading sessions…'));
  root.replaceChildren(h('h1', {}, 'Sessions'), form, body);

  const params = { limit: PAGE + 1, offset: page * PAGE };
  for (const name of FILTERS) {
    const value = query.get(name);
    if (!value) continue;
    params[name] = name === 'from' || name === 'to' ? asUTC(value) : value;
  }
  const { rows } = await getJSON('/v1/query/sessions', params);
  if (!current()) return;
  const more = rows.length > PAGE;
  const shown = rows.slice(0, PAGE);
  if (shown.length === 0) {
    body.replaceChildren(notice(page > 0 ? 'No more sessions.' : 'No session matches these filters.'));
  } else {
    body.replaceChildren(table(shown));
  }
  body.append(pager(query, page, more));
}

/** A datetime-local value (no zone) read as UTC, the zone every time on these pages is in. */
function asUTC(value) {
  return /Z$|[+-]\d\d:\d\d$/.test(value) ? value : `${value.length === 16 ? value + ':00' : value}Z`;
}

function filterForm(query, navigate) {
  const field = (name, label, attributes = {}) => h('label', { class: 'field' }, h('span', {}, label),
    h('input', { name, value: query.get(name) ?? '', ...attributes }));
  const statusSelect = h('select', { name: 'status' },
    ['', 'running', 'error', 'cancelled', 'completed'].map((value) =>
      h('option', { value, selected: (query.get('status') ?? '') === value }, value || 'any')));
  const form = h('form', { class: 'filters', role: 'search', onsubmit: submit },
    field('text', 'Text', { type: 'search', placeholder: 'title, user, id or message text', 'data-search': true, size: 28 }),
    field('agent', 'Agent', { placeholder: 'name or id', size: 14 }),
    field('user', 'User', { size: 12 }),
    h('label', { class: 'field' }, h('span', {}, 'Status'), statusSelect),
    field('from', 'Active from (UTC)', { type: 'datetime-local' }),
    field('to', 'to', { type: 'datetime-local' }),
    h('button', { type: 'submit' }, 'Filter'),
    h('a', { href: '/sessions', class: 'button quiet' }, 'Clear'));
  return form;

  function submit(event) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (value) next.set(name, value);
    const text = next.toString();
    navigate('/sessions' + (text ? '?' + text : ''));
  }
}

function table(rows) {
  const head = h('thead', {}, h('tr', {},
    h('th', { scope: 'col' }, 'Session'), h('th', { scope: 'col' }, 'Agent'), h('th', { scope: 'col' }, 'Status'),
    h('th', { scope: 'col', class: 'num' }, 'Messages'), h('th', { scope: 'col', class: 'num' }, 'Runs'),
    h('th', { scope: 'col', class: 'num' }, 'Tokens'), h('th', { scope: 'col', class: 'num' }, 'Cost'),
    h('th', { scope: 'col' }, 'Last activity')));
  const body = h('tbody', {});
  const now = Date.now();
  for (const row of rows) {
    body.append(h('tr', { 'data-row': true, tabindex: 0, dataset: { session: row.session_id } },
      h('td', {}, h('a', { href: `/sessions/${row.session_id}` }, row.title || `Session ${shortID(row.session_id)}`),
        h('div', { class: 'sub' }, shortID(row.session_id), row.user_id ? ` · ${row.user_id}` : '')),
      h('td', {}, row.agents ?? '—'),
      h('td', {}, status(row.status)),
      h('td', { class: 'num' }, count(row.message_count)),
      h('td', { class: 'num' }, count(row.run_count)),
      h('td', { class: 'num', title: `${count(row.input_tokens)} in, ${count(row.output_tokens)} out` }, tokens(row.input_tokens + row.output_tokens)),
      h('td', { class: 'num' }, money(row.cost_usd)),
      h('td', { title: instant(row.last_event_at) }, h('time', { datetime: new Date(row.last_event_at).toISOString() }, ago(row.last_event_at, now)))));
  }
  return h('table', { class: 'list sessions' }, head, body);
}

function pager(query, page, more) {
  const link = (to, label, rel) => {
    const next = new URLSearchParams(query);
    if (to > 0) next.set('page', String(to)); else next.delete('page');
    const text = next.toString();
    return h('a', { href: '/sessions' + (text ? '?' + text : ''), rel, class: 'button' }, label);
  };
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    page > 0 ? link(page - 1, '← Newer', 'prev') : null,
    h('span', { class: 'muted' }, `Page ${page + 1}`),
    more ? link(page + 1, 'Older →', 'next') : null);
}
