// The HTTP API of `logbook serve`, with the bearer token the user signed in with. The token
// lives in sessionStorage (or localStorage when the user asked to be remembered), never in a URL.

const KEY = 'logbook.token';

export function token() {
  return sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY);
}

export function saveToken(value, remember) {
  signOut();
  (remember ? localStorage : sessionStorage).setItem(KEY, value);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(KEY);
}

/** An error the API answered (`{"error": {"code", "message"}}`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function headers(extra = {}) {
  const value = token();
  return value ? { Authorization: `Bearer ${value}`, ...extra } : extra;
}

/**
 * `path` with the query parameters that are set (null, undefined and '' are left out). Spaces
 * are sent as %20, not as form encoding's '+', which the server reads as a plus sign.
 */
export function url(path, params = {}) {
  const pairs = Object.entries(params)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  return pairs.length ? `${path}?${pairs.join('&')}` : path;
}

async function failure(response) {
  let code = 'http_' + response.status;
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body?.error) ({ code, message } = body.error);
  } catch { /* not JSON: keep the status line */ }
  return new ApiError(response.status, code, message);
}

async function send(path, params, options = {}) {
  let response;
  try {
    response = await fetch(url(path, params), { ...options, headers: headers(options.headers) });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', `the server did not answer: ${error.message}`);
  }
  if (!response.ok) throw await failure(response);
  return response;
}

/** GET a JSON document. */
export async function getJSON(path, params, options) {
  return (await send(path, params, options)).json();
}

/** POST a JSON body. */
export async function postJSON(path, body, params) {
  const response = await send(path, params, {
    method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' },
  });
  return response.json();
}

/** Every event of a session (`session`) or a run (`trace`), following `next` page by page. */
export async function allEvents(params, options) {
  const events = [];
  let from = 0;
  for (;;) {
    const page = await getJSON('/v1/events', { ...params, from, limit: 1000 }, options);
    events.push(...page.events);
    if (page.events.length < 1000 || page.next === undefined || page.next <= from) return events;
    from = page.next;
  }
}

/**
 * Server-Sent Events read with fetch() and a streaming body reader (EventSource cannot send the
 * Authorization header). Calls `onEvent(event)` for each `event` message; resumes after
 * `lastEventId` when given. Resolves when the stream ends or `signal` aborts it.
 */
export async function streamEvents(params, { signal, lastEventId, onEvent, onOpen }) {
  const extra = { Accept: 'text/event-stream' };
  if (lastEventId !== undefined && lastEventId !== null) extra['Last-Event-ID'] = String(lastEventId);
  const response = await send('/v1/events/stream', params, { signal, headers: extra });
  onOpen?.();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message = parseFrame(frame);
        if (message?.event === 'event') onEvent(JSON.parse(message.data));
      }
    }
  } catch (error) {
    if (error.name !== 'AbortError') throw error;
  } finally {
    reader.releaseLock();
  }
}

function parseFrame(frame) {
  const message = { event: 'message', data: '' };
  let data = [];
  for (const line of frame.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') message.event = value;
    else if (field === 'id') message.id = value;
  }
  if (data.length === 0) return null;
  message.data = data.join('\n');
  return message;
}

/** The log's head (the next position to be written), from /readyz, which answers it ready or not. */
export async function head() {
  const response = await fetch('/readyz', { headers: headers() });
  if (response.status === 401) throw new ApiError(401, 'unauthorized', 'the token was refused');
  const body = await response.json();
  return body.head ?? 0;
}
