// Costs: tokens and cost by model, by agent and by day, as charts drawn by the page, with the
// models the price catalogue does not know listed (their calls count tokens but no cost).

import { getJSON } from '../api.js';
import { columns, hbars, key } from '../charts.js';
import { count, h, money, notice, tokens } from '../format.js';

const TOKEN_SERIES = [
  { name: 'input tokens', className: 'series-input', value: (row) => row.input_tokens },
  { name: 'output tokens', className: 'series-output', value: (row) => row.output_tokens },
];
const COST_SERIES = [{ name: 'cost (USD)', className: 'series-cost', value: (row) => row.cost_usd ?? 0 }];

export async function render(root, { current }) {
  root.replaceChildren(h('h1', {}, 'Costs'), notice('Loading…'));
  const [byModel, byAgent, byDay] = await Promise.all(['model', 'agent', 'day'].map((by) => getJSON('/v1/query/costs', { by })));
  if (!current()) return;
  const days = [...byDay.rows].reverse();
  const sum = (rows, name) => rows.reduce((total, row) => total + (row[name] ?? 0), 0);
  root.replaceChildren(
    h('h1', {}, 'Costs'),
    h('dl', { class: 'totals', 'aria-label': 'Totals' },
      total('LLM calls', count(sum(byModel.rows, 'calls')), 'calls'),
      total('Input tokens', tokens(sum(byModel.rows, 'input_tokens')), 'input-tokens'),
      total('Output tokens', tokens(sum(byModel.rows, 'output_tokens')), 'output-tokens'),
      total('Cost', money(sum(byModel.rows, 'cost_usd')), 'cost'),
      total('Unpriced calls', count(sum(byModel.rows, 'unpriced_calls')), 'unpriced')),
    group('By model', 'model', byModel.rows, (row) => row.key),
    group('By agent', 'agent', byAgent.rows, (row) => row.key ?? '(no agent)'),
    h('section', { 'aria-labelledby': 'costs-day' },
      h('h2', { id: 'costs-day' }, 'By day (UTC)'),
      days.length ? [
        h('figure', {}, columns(days, { label: (row) => row.key.slice(5), series: COST_SERIES, format: money, title: 'Cost by day' }),
          h('figcaption', {}, 'Cost by day')),
        h('figure', {}, columns(days, { label: (row) => row.key.slice(5), series: TOKEN_SERIES, format: tokens, title: 'Tokens by day' }),
          key(TOKEN_SERIES), h('figcaption', {}, 'Tokens by day')),
        numbers(days, 'Day', (row) => row.key),
      ] : notice('No LLM calls yet.')),
    unpriced(byModel.unpriced));
}

function total(label, value, name) {
  return h('div', { dataset: { total: name } }, h('dt', {}, label), h('dd', {}, value));
}

function group(title, name, rows, label) {
  return h('section', { 'aria-labelledby': `costs-${name}` },
    h('h2', { id: `costs-${name}` }, title),
    rows.length ? [
      h('div', { class: 'pair' },
        h('figure', {}, hbars(rows, { label, series: COST_SERIES, format: money, title: `Cost ${title.toLowerCase()}` }),
          h('figcaption', {}, `Cost ${title.toLowerCase()}`)),
        h('figure', {}, hbars(rows, { label, series: TOKEN_SERIES, format: tokens, title: `Tokens ${title.toLowerCase()}` }),
          key(TOKEN_SERIES), h('figcaption', {}, `Tokens ${title.toLowerCase()}`))),
      numbers(rows, title.replace('By ', '').replace(/^./, (c) => c.toUpperCase()), label),
    ] : notice('No LLM calls yet.'));
}

function numbers(rows, keyName, label) {
  return h('details', { class: 'numbers' }, h('summary', {}, 'Numbers'),
    h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, [keyName, 'Calls', 'Input tokens', 'Cached', 'Output tokens', 'Cost', 'Unpriced calls'].map((column, index) =>
        h('th', { scope: 'col', class: index ? 'num' : null }, column)))),
      h('tbody', {}, rows.map((row) => h('tr', {},
        h('td', {}, label(row)), h('td', { class: 'num' }, count(row.calls)), h('td', { class: 'num' }, count(row.input_tokens)),
        h('td', { class: 'num' }, count(row.cached_input_tokens)), h('td', { class: 'num' }, count(row.output_tokens)),
        h('td', { class: 'num' }, money(row.cost_usd)), h('td', { class: 'num' }, count(row.unpriced_calls)))))));
}

function unpriced(models) {
  return h('section', { 'aria-labelledby': 'costs-unpriced', class: 'unpriced' },
    h('h2', { id: 'costs-unpriced' }, `Unpriced models (${models.length})`),
    models.length === 0 ? notice('Every model called has a price.') : [
      h('p', { class: 'muted' }, 'The price catalogue has no price for these models: their calls count tokens, not cost.'),
      h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, ['Provider', 'Model', 'Calls', 'Input tokens', 'Output tokens'].map((column, index) =>
          h('th', { scope: 'col', class: index > 1 ? 'num' : null }, column)))),
        h('tbody', {}, models.map((model) => h('tr', {},
          h('td', {}, model.provider ?? '—'), h('td', {}, model.model ?? '—'), h('td', { class: 'num' }, count(model.calls)),
          h('td', { class: 'num' }, count(model.input_tokens)), h('td', { class: 'num' }, count(model.output_tokens)))))),
    ]);
}
