// One session: its transcript as replay renders it, its runs, documents and errors, and a time
// slider over the session's positions that replays the session as it was at any of them.

import { allEvents, getJSON } from '../api.js';
import { count, duration, excerpt, h, instant, money, notice, plain, shortID, status, tokens } from '../format.js';
import { renderConversation } from '../transcript.js';

export async function render(root, { parameter: id, query, current }) {
  root.replaceChildren(notice('Loading the session…'));
  const [events, latest, runRows] = await Promise.all([
    allEvents({ session: id }),
    getJSON(`/v1/sessions/${encodeURIComponent(id)}/replay`, { format: 'json' }),
    getJSON('/v1/query/runs', { session: id, limit: 1000 }).then((page) => page.rows, () => []),
  ]);
  if (!current()) return;
  // Replay adds only the costs clients report; the read models also price calls from the catalogue.
  const runCosts = new Map(runRows.map((row) => [row.run_id, row.cost_usd ?? null]));
  const positions = events.map((event) => event.position);
  const header = h('header', { class: 'page-head' });
  const slider = timeSlider(events, query.get('at'), show);
  const content = h('div', { class: 'replay' });
  root.replaceChildren(header, slider.element, content);

  let asked = 0;
  async function show(position) {
    const mine = ++asked;
    const params = { format: 'json' };
    if (position !== null && position !== positions.at(-1)) params.as_of_position = position;
    const url = new URL(location.href);
    if (params.as_of_position !== undefined) url.searchParams.set('at', String(position)); else url.searchParams.delete('at');
    history.replaceState(null, '', url.pathname + url.search);
    content.setAttribute('aria-busy', 'true');
    const context = params.as_of_position === undefined ? latest
      : await getJSON(`/v1/sessions/${encodeURIComponent(id)}/replay`, params);
    if (mine !== asked || !current()) return;
    drawHeader(header, context, id, runCosts);
    drawReplay(content, context, runCosts);
    content.removeAttribute('aria-busy');
  }
  await show(slider.position());
  return slider.cleanup;
}

/** A run's cost: the read models' (catalogue prices included), else what replay adds up. */
function runCost(run, runCosts) {
  return runCosts.get(run.trace_id) ?? (run.usage.calls_with_cost ? run.usage.known_cost_usd : null);
}

function drawHeader(header, context, id, runCosts) {
  const runs = context.runs;
  const costs = runs.map((run) => runCost(run, runCosts)).filter((cost) => cost !== null);
  header.replaceChildren(
    h('p', { class: 'crumbs' }, h('a', { href: '/sessions' }, 'Sessions'), ' / ', shortID(id)),
    h('h1', {}, context.title || `Session ${shortID(id)}`),
    h('p', { class: 'meta' },
      h('code', {}, id),
      context.user_ids.length ? ` · user ${context.user_ids.join(', ')}` : '',
      context.agent_ids.length ? ` · agent ${context.agent_ids.join(', ')}` : '',
      ` · started ${instant(context.started_at_ms ?? context.first_timestamp_ms)}`,
      ` · ${count(context.event_count)} events`),
    h('dl', { class: 'totals', 'aria-label': 'Totals' },
      total('Messages', count(context.event_counts['message.added'] ?? 0), 'messages'),
      total('Runs', count(runs.length), 'runs'),
      total('LLM calls', count(context.usage.llm_calls), 'llm-calls'),
      total('Tokens', tokens(context.usage.input_tokens + context.usage.output_tokens), 'tokens'),
      total('Cost', money(costs.length ? costs.reduce((sum, cost) => sum + cost, 0) : null), 'cost')));
}

function total(label, value, name) {
  return h('div', { dataset: { total: name } }, h('dt', {}, label), h('dd', {}, value));
}

/** A range input over the session's events; `onChange(position)` after the hand stops moving. */
function timeSlider(events, at, onChange) {
  const last = events.length - 1;
  const start = at === null ? last : Math.max(0, events.findIndex((event) => event.position >= Number(at)));
  const input = h('input', {
    type: 'range', id: 'as-of', min: 0, max: Math.max(0, last), step: 1, value: start === -1 ? last : start,
    'aria-describedby': 'as-of-label', disabled: events.length < 2,
  });
  const label = h('output', { id: 'as-of-label', for: 'as-of' });
  const back = h('button', { type: 'button', class: 'quiet', 'aria-label': 'One event back', onclick: () => step(-1) }, '◀');
  const forward = h('button', { type: 'button', class: 'quiet', 'aria-label': 'One event forward', onclick: () => step(1) }, '▶');
  const latest = h('button', { type: 'button', class: 'quiet', onclick: () => { input.value = String(last); changed(); } }, 'Latest');
  const element = h('section', { class: 'slider', 'aria-label': 'Time' },
    h('label', { for: 'as-of' }, 'As of'), back, input, forward, latest, label);
  let timer = null;
  input.addEventListener('input', () => { describe(); clearTimeout(timer); timer = setTimeout(fire, 150); });
  input.addEventListener('change', changed);
  describe();

  function position() { return events.length ? events[Number(input.value)].position : null; }
  function describe() {
    if (!events.length) { label.value = 'no events'; return; }
    const index = Number(input.value);
    const event = events[index];
    label.value = `${index === last ? 'latest · ' : ''}event ${index + 1} of ${events.length} · position ${event.position} · ${event.event_type} · ${instant(event.timestamp_ms)}`;
  }
  function fire() { clearTimeout(timer); onChange(position()); }
  function changed() { describe(); fire(); }
  function step(delta) {
    input.value = String(Math.min(last, Math.max(0, Number(input.value) + delta)));
    changed();
  }
  function keys(event) {
    if (event.target.closest('input, textarea, select') || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === '[') step(-1);
    else if (event.key === ']') step(1);
  }
  document.addEventListener('keydown', keys);
  return { element, position, cleanup: () => { clearTimeout(timer); document.removeEventListener('keydown', keys); } };
}

function drawReplay(content, context, runCosts) {
  const sections = [];
  const clear = context.clears.at(-1);
  sections.push(h('section', { 'aria-labelledby': 'conversation-title' },
    h('h2', { id: 'conversation-title' }, `Conversation (${context.messages.length})`),
    clear ? notice(`Cleared at position ${clear.position}${clear.reason ? ': ' + clear.reason : ''}; earlier messages are not in the context.`) : null,
    context.messages.length ? renderConversation(context.messages) : notice('No messages yet at this point.')));
  sections.push(runsSection(context.runs, runCosts));
  if (context.documents.length) sections.push(documentsSection(context.documents));
  if (context.errors.length) sections.push(errorsSection(context.errors));
  if (context.warnings.length) {
    sections.push(h('section', {}, h('h2', {}, `Warnings (${context.warnings.length})`),
      h('ul', {}, context.warnings.map((warning) => h('li', {}, `position ${warning.position}: ${warning.message}`)))));
  }
  content.replaceChildren(...sections);
}

function runsSection(runs, runCosts) {
  const section = h('section', { 'aria-labelledby': 'runs-title' }, h('h2', { id: 'runs-title' }, `Runs (${runs.length})`));
  if (!runs.length) { section.append(notice('No runs yet at this point.')); return section; }
  const body = h('tbody', {});
  for (const run of runs) {
    const word = run.status === 'failed' ? 'error' : run.status;
    body.append(h('tr', { 'data-row': true, tabindex: 0 },
      h('td', {}, h('a', { href: `/runs/${run.trace_id}` }, run.run_name ?? run.agent_name ?? `run ${shortID(run.trace_id)}`),
        run.objective ? h('div', { class: 'sub' }, excerpt(run.objective, 100)) : null),
      h('td', {}, status(word)),
      h('td', {}, instant(run.started_at_ms)),
      h('td', { class: 'num' }, duration(run.duration_ms)),
      h('td', { class: 'num' }, count(run.usage.llm_calls)),
      h('td', { class: 'num', title: `${count(run.usage.input_tokens)} in, ${count(run.usage.output_tokens)} out` },
        tokens(run.usage.input_tokens + run.usage.output_tokens)),
      h('td', { class: 'num' }, money(runCost(run, runCosts))),
      h('td', {}, run.error_message ? h('span', { class: 'error-text' }, excerpt(run.error_message, 80)) : '')));
  }
  section.append(h('table', { class: 'list runs' },
    h('thead', {}, h('tr', {}, ['Run', 'Status', 'Started', 'Duration', 'LLM calls', 'Tokens', 'Cost', 'Error'].map((name, index) =>
      h('th', { scope: 'col', class: index >= 3 && index <= 6 ? 'num' : null }, name)))),
    body));
  return section;
}

function documentsSection(documents) {
  return h('section', { 'aria-labelledby': 'documents-title' }, h('h2', { id: 'documents-title' }, `Documents (${documents.length})`),
    h('ul', { class: 'documents' }, documents.map((document) => h('li', {},
      h('strong', {}, document.title), document.source_url ? h('span', { class: 'muted' }, ` · ${document.source_url}`) : null,
      h('span', { class: 'muted' }, ` · position ${document.position}`),
      h('div', { class: 'sub' }, excerpt(plain(document.content), 240))))));
}

function errorsSection(errors) {
  return h('section', { 'aria-labelledby': 'errors-title' }, h('h2', { id: 'errors-title' }, `Errors (${errors.length})`),
    h('ul', { class: 'errors' }, errors.map((failure) => h('li', { class: 'error-text' },
      `✗ ${failure.kind.replace('_', ' ')} · ${failure.subject}: ${failure.message} `,
      h('a', { href: `/runs/${failure.trace_id}` }, `run ${shortID(failure.trace_id)}`),
      h('span', { class: 'muted' }, ` · position ${failure.position}`)))));
}
