// One run: its waterfall. Executions nest the steps that happened inside them; LLM calls, tool
// calls (with their results), documents and thoughts are drawn at their offset from the run's
// start and as long as they took, with tokens and cost; errors are marked; a click (or Enter)
// shows the raw events of a step. Rows are built in one pass into a fragment, and rows out of
// view skip layout (content-visibility), so a run of thousands of steps stays responsive.

import { ApiError, allEvents, getJSON } from '../api.js';
import { count, duration, excerpt, h, instant, money, notice, plain, shortID, status, tokens } from '../format.js';

const KIND_LABELS = {
  execution: 'execution', llm: 'LLM call', tool: 'tool', thought: 'thought', document: 'document', message: 'message',
  state_saved: 'checkpoint', span: 'span', log: 'log', handoff: 'handoff', guardrail: 'guardrail', event: 'event',
};

export async function render(root, { parameter: id, current }) {
  root.replaceChildren(notice('Loading the run…'));
  const [waterfall, events, steps] = await Promise.all([
    getJSON(`/v1/traces/${encodeURIComponent(id)}/replay`, { format: 'json' }),
    allEvents({ trace: id }),
    readModelSteps(id),
  ]);
  if (!current()) return;
  const byPosition = new Map(events.map((event) => [event.position, event]));
  const started = performance.now();
  const costs = stepCosts(waterfall.steps, steps);
  const dialog = payloadDialog();
  root.replaceChildren(header(waterfall, id, costs), legend(waterfall), chart(waterfall, byPosition, costs, dialog.open), dialog.element);
  root.dataset.renderMs = String(Math.round(performance.now() - started));
  return () => dialog.element.close?.();
}

/** The run's steps in the read models (their LLM calls priced from the catalogue); none while they are not projected. */
async function readModelSteps(id) {
  try {
    return (await getJSON('/v1/query/steps', { trace: id })).rows;
  } catch (error) {
    if (error instanceof ApiError && error.status !== 401) return [];
    throw error;
  }
}

/**
 * Each step's cost: an LLM call's own (what the client reported, else the read models' price
 * from the catalogue), an execution's the sum of the calls nested in it. Replay adds only the
 * costs clients report; the read models price the rest.
 */
function stepCosts(steps, rows) {
  const priced = new Map(rows.filter((row) => row.step_type === 'llm_response' && row.cost_usd !== undefined && row.cost_usd !== null)
    .map((row) => [row.position, row.cost_usd]));
  const costs = new Map();
  let total = null;
  for (const step of steps) {
    if (step.kind !== 'llm') continue;
    const cost = step.usage?.calls_with_cost ? step.usage.known_cost_usd : priced.get(step.positions[0]);
    if (cost === undefined || cost === null) continue;
    costs.set(step.index, (costs.get(step.index) ?? 0) + cost);
    total = (total ?? 0) + cost;
    for (let parent = step.parent; parent !== undefined && parent !== null; parent = steps[parent].parent) {
      costs.set(parent, (costs.get(parent) ?? 0) + cost);
    }
  }
  costs.total = total;
  return costs;
}

function header(waterfall, id, costs) {
  const run = waterfall.run;
  const usage = waterfall.usage;
  const session = waterfall.session_ids[0];
  const word = run ? (run.status === 'failed' ? 'error' : run.status) : null;
  return h('header', { class: 'page-head' },
    h('p', { class: 'crumbs' }, h('a', { href: '/sessions' }, 'Sessions'), ' / ',
      session ? h('a', { href: `/sessions/${session}` }, `session ${shortID(session)}`) : 'no session', ' / ', `run ${shortID(id)}`),
    h('h1', {}, run?.run_name ?? run?.agent_name ?? `Run ${shortID(id)}`, ' ', status(word)),
    run?.objective ? h('p', { class: 'objective' }, excerpt(run.objective, 300)) : null,
    h('p', { class: 'meta' }, h('code', {}, id), ` · started ${instant(run?.started_at_ms ?? waterfall.start_ms)}`,
      ` · ${count(waterfall.event_count)} events`),
    run?.error_message ? h('p', { class: 'error-text', role: 'note' }, `✗ ${run.error_message}`) : null,
    h('dl', { class: 'totals', 'aria-label': 'Totals' },
      total('Steps', count(waterfall.steps.length), 'steps'),
      total('Duration', duration(waterfall.duration_ms), 'duration'),
      total('LLM calls', count(usage.llm_calls), 'llm-calls'),
      total('Tokens', tokens(usage.input_tokens + usage.output_tokens), 'tokens'),
      total('Cost', money(costs.total), 'cost')),
    waterfall.warnings.length
      ? h('details', { class: 'warnings' }, h('summary', {}, `${waterfall.warnings.length} warnings`),
        h('ul', {}, waterfall.warnings.map((warning) => h('li', {}, `position ${warning.position}: ${warning.message}`))))
      : null);
}

function total(label, value, name) {
  return h('div', { dataset: { total: name } }, h('dt', {}, label), h('dd', {}, value));
}

function legend(waterfall) {
  const kinds = new Map();
  for (const step of waterfall.steps) kinds.set(step.kind, (kinds.get(step.kind) ?? 0) + 1);
  return h('ul', { class: 'legend', 'aria-label': 'Steps by kind' },
    [...kinds].map(([kind, number]) => h('li', {}, h('span', { class: `swatch kind-${kind}`, 'aria-hidden': 'true' }),
      `${count(number)} ${KIND_LABELS[kind] ?? kind}`)));
}

/** What a step is called in its row: guardrails say whether they tripped, log lines their level. */
function describe(step, byPosition) {
  switch (step.kind) {
    case 'handoff': return { name: step.name, detail: null, special: 'handoff' };
    case 'guardrail': {
      const payload = byPosition.get(step.positions[0])?.payload ?? {};
      const triggered = step.status === 'triggered';
      return {
        name: `${step.name}${payload.kind ? ` (${payload.kind})` : ''}: ${triggered ? 'triggered' : 'passed'}`,
        detail: step.detail, special: triggered ? 'guardrail-triggered' : 'guardrail',
      };
    }
    case 'log': return { name: step.name, detail: step.detail, special: step.name === 'error' ? 'log-error' : null };
    default: return { name: step.name, detail: step.detail };
  }
}

/** A time from the run's start, which a step before the start (a session's opening) has negative. */
function signed(ms) {
  return ms < 0 ? `−${duration(-ms)}` : duration(ms);
}

function isError(step, described) {
  return ['error', 'failed'].includes(step.status) || described.special === 'guardrail-triggered' || described.special === 'log-error';
}

function chart(waterfall, byPosition, costs, open) {
  // The axis runs from the run's start (or the earliest step, when one came before it) to the last end.
  let first = 0;
  let last = waterfall.duration_ms;
  for (const step of waterfall.steps) {
    first = Math.min(first, step.offset_ms);
    last = Math.max(last, step.offset_ms + (step.duration_ms ?? 0));
  }
  const scale = { first, span: Math.max(1, last - first) };
  const axis = h('div', { class: 'axis', 'aria-hidden': 'true' },
    [0, 0.25, 0.5, 0.75, 1].map((fraction) => h('span', { style: { left: `${fraction * 100}%` } },
      signed(Math.round(first + scale.span * fraction)))));
  const head = h('div', { class: 'wf-row wf-head', role: 'row' },
    h('span', { role: 'columnheader' }, 'Step'), h('span', { role: 'columnheader', class: 'track' }, axis),
    h('span', { role: 'columnheader', class: 'num' }, 'Offset'), h('span', { role: 'columnheader', class: 'num' }, 'Duration'),
    h('span', { role: 'columnheader', class: 'num' }, 'Tokens'), h('span', { role: 'columnheader', class: 'num' }, 'Cost'));
  const rows = document.createDocumentFragment();
  for (const step of waterfall.steps) rows.append(row(step, scale, byPosition, costs.get(step.index), open));
  const body = h('div', { class: 'wf-body', role: 'rowgroup' });
  body.append(rows);
  if (waterfall.steps.length === 0) body.append(notice('No steps in this run yet.'));
  return h('section', { class: 'waterfall', role: 'table', 'aria-label': 'Waterfall', 'aria-rowcount': waterfall.steps.length }, head, body);
}

function row(step, scale, byPosition, cost, open) {
  const described = describe(step, byPosition);
  const failed = isError(step, described);
  const instantStep = step.duration_ms === undefined || step.duration_ms === null;
  const bar = h('span', {
    class: `bar kind-${step.kind}${instantStep ? ' instant' : ''}${failed ? ' failed' : ''}`,
    style: {
      left: `${((step.offset_ms - scale.first) / scale.span) * 100}%`,
      width: instantStep ? null : `${Math.max(0.25, (step.duration_ms / scale.span) * 100)}%`,
    },
  });
  const usage = step.usage;
  const element = h('div', {
    class: `wf-row kind-${step.kind}${failed ? ' failed' : ''}${described.special ? ' ' + described.special : ''}`,
    role: 'row', tabindex: 0, 'data-row': true, dataset: { step: step.index, kind: step.kind },
    'aria-label': `${KIND_LABELS[step.kind] ?? step.kind} ${described.name}${failed ? ', failed' : ''}`,
    onclick: () => open(step, described, byPosition),
  },
  h('span', { class: 'name', role: 'cell', style: { paddingLeft: `${0.4 + step.depth * 1.1}rem` } },
    h('span', { class: 'kind' }, KIND_LABELS[step.kind] ?? step.kind), ' ',
    failed ? h('span', { class: 'mark', title: 'error' }, '✗ ') : null,
    h('span', { class: 'label' }, described.name),
    described.detail ? h('span', { class: 'detail' }, excerpt(described.detail, 140)) : null),
  h('span', { class: 'track', role: 'cell' }, bar),
  h('span', { class: 'num', role: 'cell' }, signed(step.offset_ms)),
  h('span', { class: 'num', role: 'cell' }, instantStep ? '·' : duration(step.duration_ms)),
  h('span', { class: 'num', role: 'cell', title: usage ? `${count(usage.input_tokens)} in, ${count(usage.output_tokens)} out` : null },
    usage ? tokens(usage.input_tokens + usage.output_tokens) : ''),
  h('span', { class: 'num', role: 'cell' }, usage ? money(cost) : ''));
  return element;
}

function payloadDialog() {
  const title = h('h2', { id: 'payload-title' });
  const body = h('div', { class: 'payload-body' });
  const element = h('dialog', { class: 'payload', 'aria-labelledby': 'payload-title' },
    h('form', { method: 'dialog', class: 'dialog-close' }, h('button', { 'aria-label': 'Close' }, 'Close')), title, body);
  function open(step, described, byPosition) {
    title.replaceChildren(`${KIND_LABELS[step.kind] ?? step.kind}: ${described.name}`);
    body.replaceChildren(...step.positions.map((position) => {
      const event = byPosition.get(position);
      return h('section', {},
        h('h3', {}, event ? `${event.event_type} · position ${position} · ${instant(event.timestamp_ms)}` : `position ${position}`),
        h('pre', { class: 'json' }, event ? JSON.stringify(event.payload, null, 2) : 'not loaded'));
    }));
    element.showModal();
  }
  return { element, open };
}
