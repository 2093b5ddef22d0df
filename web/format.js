// Building DOM and formatting numbers, money, times and durations for every view.

/**
 * An element: `h('a', {href: '/x', class: 'row'}, 'text', child)`. Attributes starting with
 * `on` are listeners; `dataset` and `style` take objects; text is always set as text, never
 * parsed as HTML.
 */
export function h(tag, attributes = {}, ...children) {
  const element = tag.includes(':')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.split(':')[1])
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'style') Object.assign(element.style, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

const integer = new Intl.NumberFormat('en-US');

export function count(value) {
  return value === null || value === undefined ? '—' : integer.format(value);
}

/** Tokens, shortened past ten thousand (12.3k, 4.52M). */
export function tokens(value) {
  if (value === null || value === undefined) return '—';
  if (Math.abs(value) < 10_000) return integer.format(Math.round(value));
  if (Math.abs(value) < 1_000_000) return (value / 1000).toFixed(1) + 'k';
  return (value / 1_000_000).toFixed(2) + 'M';
}

/** US dollars with the precision small amounts need; '—' when unknown. */
export function money(value) {
  if (value === null || value === undefined) return '—';
  if (value === 0) return '$0';
  if (Math.abs(value) >= 100) return '$' + integer.format(Math.round(value));
  if (Math.abs(value) >= 1) return '$' + value.toFixed(2);
  if (Math.abs(value) >= 0.01) return '$' + value.toFixed(3);
  return '$' + value.toPrecision(2);
}

/** A time in ms since the epoch as `2026-01-01 09:30:05` (UTC, which the store speaks). */
export function instant(ms) {
  if (ms === null || ms === undefined) return '—';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** How long ago, for "last activity" columns (the exact time goes in a title). */
export function ago(ms, now = Date.now()) {
  if (ms === null || ms === undefined) return '—';
  const seconds = Math.round((now - ms) / 1000);
  if (seconds < 0) return instant(ms);
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 86_400 * 2) return `${Math.round(seconds / 3600)}h ago`;
  if (seconds < 86_400 * 60) return `${Math.round(seconds / 86_400)}d ago`;
  return instant(ms).slice(0, 10);
}

/** A duration in ms as 850ms, 4.2s, 3m 05s, 2h 10m. */
export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h ${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}m`;
}

/** The first characters of a text, on one line. */
export function excerpt(text, length = 120) {
  if (text === null || text === undefined) return '';
  const line = String(text).replace(/\s+/g, ' ').trim();
  return line.length > length ? line.slice(0, length - 1) + '…' : line;
}

/** Any JSON value as text: strings as they are, the rest as compact JSON. */
export function plain(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A status word with its mark, so that it never depends on colour alone. */
export function status(word) {
  if (!word) return h('span', { class: 'status none' }, '—');
  const marks = { completed: '✓', succeeded: '✓', ok: '✓', error: '✗', failed: '✗', cancelled: '⊘', running: '…', pending: '…' };
  return h('span', { class: `status ${word}` }, `${marks[word] ?? '•'} ${word}`);
}

/** A message shown where a view's content would be. */
export function notice(text, kind = 'muted') {
  return h('p', { class: kind, role: kind === 'error' ? 'alert' : null }, text);
}

export function shortID(id) {
  return id ? String(id).slice(0, 8) : '—';
}
