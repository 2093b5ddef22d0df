// The live tail: events as the store makes them durable, read from the SSE stream with fetch()
// (the token goes in a header, which EventSource cannot send), filtered by type and session on
// the server, pausable without losing anything: while paused, arrivals wait in a buffer.

import { head, streamEvents } from '../api.js';
import { excerpt, h, instant, plain, shortID } from '../format.js';
import { parts, role } from '../transcript.js';

const BACKLOG = 25; // events before the head shown on arrival
const SHOWN = 500; // rows kept on the page
const TYPES = [
  'message.added', 'run.started', 'run.completed', 'run.failed', 'llm.interaction', 'tool.called', 'tool.result',
  'execution.started', 'execution.completed', 'agent.thought', 'document.retrieved', 'session.started', 'handoff.occurred',
  'guardrail.evaluated', 'run.log',
];

export async function render(root, { query }) {
  const typeSelect = h('select', { name: 'type', id: 'live-type' },
    h('option', { value: '' }, 'any type'), TYPES.map((type) => h('option', { value: type, selected: query.get('type') === type }, type)));
  const sessionInput = h('input', { name: 'session', id: 'live-session', placeholder: 'session id', size: 38, value: query.get('session') ?? '', 'data-search': true });
  const pause = h('button', { type: 'button', id: 'live-pause', 'aria-pressed': 'false', 'aria-keyshortcuts': 'Space' }, 'Pause');
  const state = h('span', { class: 'live-state', role: 'status' }, 'connecting…');
  const rows = h('tbody', { id: 'live-rows' });
  const form = h('form', { class: 'filters', onsubmit: (event) => { event.preventDefault(); restart(); } },
    h('label', { class: 'field' }, h('span', {}, 'Type'), typeSelect),
    h('label', { class: 'field' }, h('span', {}, 'Session'), sessionInput),
    h('button', { type: 'submit' }, 'Apply'), pause, state);
  root.replaceChildren(h('h1', {}, 'Live tail'), form,
    h('table', { class: 'list live' },
      h('thead', {}, h('tr', {}, ['Position', 'Time', 'Type', 'Session', 'Run', 'Agent', 'What'].map((name) => h('th', { scope: 'col' }, name)))),
      rows));
  typeSelect.addEventListener('change', restart);

  let controller = null;
  let lastID = null;
  let paused = false;
  let waiting = [];
  let retry = null;

  pause.addEventListener('click', toggle);
  function toggle() {
    paused = !paused;
    pause.textContent = paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(paused));
    if (!paused) { for (const event of waiting) show(event); waiting = []; }
    describe();
  }
  function keys(event) {
    if (event.key === ' ' && !event.target.closest('input, select, textarea, button, a')) { event.preventDefault(); toggle(); }
  }
  document.addEventListener('keydown', keys);

  function describe(text) {
    if (text) { state.textContent = text; return; }
    state.textContent = paused ? `paused · ${waiting.length} waiting` : 'live';
  }

  function show(event) {
    const type = event.event_type;
    rows.prepend(h('tr', { class: `type-${type.replace(/\W/g, '-')}`, dataset: { position: event.position } },
      h('td', { class: 'num' }, String(event.position)),
      h('td', {}, instant(event.timestamp_ms)),
      h('td', {}, h('code', {}, type)),
      h('td', {}, event.session_id ? h('a', { href: `/sessions/${event.session_id}` }, shortID(event.session_id)) : '—'),
      h('td', {}, h('a', { href: `/runs/${event.trace_id}` }, shortID(event.trace_id))),
      h('td', {}, event.agent_id ?? '—'),
      h('td', { class: 'what' }, summary(event))));
    while (rows.childElementCount > SHOWN) rows.lastElementChild.remove();
  }

  function receive(event) {
    lastID = event.position;
    if (paused) { waiting.push(event); if (waiting.length > SHOWN) waiting.shift(); }
    else show(event);
    describe();
  }

  async function start(resumeAfter) {
    const mine = new AbortController();
    controller = mine;
    const params = { type: typeSelect.value, session: sessionInput.value.trim() };
    try {
      if (resumeAfter === null) params.from = Math.max(0, (await head()) - BACKLOG);
      describe('connecting…');
      await streamEvents(params, { signal: mine.signal, lastEventId: resumeAfter ?? undefined, onEvent: receive, onOpen: () => describe() });
      if (!mine.signal.aborted) throw new Error('the stream ended');
    } catch (error) {
      if (mine.signal.aborted) return;
      describe(`disconnected (${error.message}); retrying…`);
      retry = setTimeout(() => start(lastID), 2000);
    }
  }

  function stop() {
    controller?.abort();
    clearTimeout(retry);
  }

  function restart() {
    stop();
    rows.replaceChildren();
    waiting = [];
    lastID = null;
    const url = new URL(location.href);
    for (const [name, value] of [['type', typeSelect.value], ['session', sessionInput.value.trim()]]) {
      if (value) url.searchParams.set(name, value); else url.searchParams.delete(name);
    }
    history.replaceState(null, '', url.pathname + url.search);
    start(null);
  }

  start(null);
  return () => { stop(); document.removeEventListener('keydown', keys); };
}

/** One line about what the event says. */
function summary(event) {
  const payload = event.payload ?? {};
  switch (event.event_type) {
    case 'message.added': return `${role(payload)}: ${excerpt(parts(payload).map(partText).join(' '), 100)}`;
    case 'llm.interaction': return `${payload.provider}/${payload.model} · ${payload.input_tokens ?? '?'} in, ${payload.output_tokens ?? '?'} out${payload.error_message ? ' · ✗ ' + payload.error_message : ''}`;
    case 'tool.called': return `${payload.tool_name}(${excerpt(plain(payload.arguments), 80)})`;
    case 'tool.result': return `${payload.is_error ? '✗ ' : ''}${excerpt(plain(payload.error_message ?? payload.output), 100)}`;
    case 'run.started': return `${payload.agent_name ?? ''}: ${excerpt(payload.objective, 90)}`;
    case 'run.failed': return `✗ ${excerpt(payload.error_message, 100)}`;
    case 'agent.thought': return excerpt(plain(payload.content), 100);
    case 'document.retrieved': return payload.title ?? '';
    case 'handoff.occurred': return `${payload.from_agent ?? '?'} → ${payload.to_agent}`;
    case 'guardrail.evaluated': return `${payload.name}: ${payload.triggered ? 'triggered' : 'passed'}`;
    default: return excerpt(plain(payload), 100);
  }
}

function partText(part) {
  switch (part.kind) {
    case 'call': return `→ ${part.name}(${plain(part.arguments)})`;
    case 'result': return `← ${plain(part.output)}`;
    case 'other': return `[${part.text}]`;
    default: return part.text;
  }
}
