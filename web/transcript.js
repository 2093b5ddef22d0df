// A conversation as replay gives it back (each message exactly as the SDK sent it: a chat
// message, a Responses API item, an Anthropic message or a Gemini content), drawn as roles,
// text, tool calls with their results beside them, and reasoning.

import { excerpt, h, plain } from './format.js';

/** The parts of one message: text, a tool call, a tool result, reasoning, or something else. */
export function parts(message) {
  if (message === null || typeof message !== 'object') return [{ kind: 'text', text: plain(message) }];
  const found = [];
  const type = message.type;
  if (type === 'function_call' || type === 'custom_tool_call') {
    found.push({ kind: 'call', id: message.call_id ?? message.id, name: message.name, arguments: message.arguments ?? message.input });
  } else if (type === 'function_call_output' || type === 'custom_tool_call_output') {
    found.push({ kind: 'result', id: message.call_id, output: message.output });
  } else if (type === 'reasoning') {
    const summary = (message.summary ?? []).map((part) => part.text ?? '').join('\n');
    found.push({ kind: 'reasoning', text: summary || '(reasoning)' });
  } else if (type && type !== 'message' && !message.role) {
    found.push({ kind: 'other', text: type, value: message });
  }
  if (message.role === 'tool' || message.tool_call_id) {
    found.push({ kind: 'result', id: message.tool_call_id, output: message.content, name: message.name });
  } else {
    contentParts(message.content, found);
  }
  for (const call of message.tool_calls ?? []) {
    found.push({ kind: 'call', id: call.id, name: call.function?.name ?? call.name, arguments: call.function?.arguments ?? call.arguments });
  }
  for (const part of message.parts ?? []) geminiPart(part, found);
  if (message.refusal) found.push({ kind: 'error', text: `refused: ${message.refusal}` });
  return found;
}

function contentParts(content, found) {
  if (content === null || content === undefined) return;
  if (typeof content === 'string') {
    if (content) found.push({ kind: 'text', text: content });
    return;
  }
  if (!Array.isArray(content)) {
    found.push({ kind: 'text', text: plain(content) });
    return;
  }
  for (const part of content) {
    if (typeof part === 'string') { found.push({ kind: 'text', text: part }); continue; }
    switch (part?.type) {
      case 'text': case 'input_text': case 'output_text':
        found.push({ kind: 'text', text: part.text ?? '' }); break;
      case 'refusal': found.push({ kind: 'error', text: `refused: ${part.refusal}` }); break;
      case 'tool_use': case 'server_tool_use':
        found.push({ kind: 'call', id: part.id, name: part.name, arguments: part.input }); break;
      case 'tool_result':
        found.push({ kind: 'result', id: part.tool_use_id, output: part.content, error: part.is_error === true }); break;
      case 'thinking': found.push({ kind: 'reasoning', text: part.thinking ?? '' }); break;
      case 'redacted_thinking': found.push({ kind: 'reasoning', text: '(redacted thinking)' }); break;
      default: found.push({ kind: 'other', text: part?.type ?? 'part', value: part });
    }
  }
}

function geminiPart(part, found) {
  const call = part.functionCall ?? part.function_call;
  const response = part.functionResponse ?? part.function_response;
  if (call) found.push({ kind: 'call', id: call.id ?? `name:${call.name}`, name: call.name, arguments: call.args });
  else if (response) found.push({ kind: 'result', id: response.id ?? `name:${response.name}`, output: response.response, name: response.name });
  else if (part.thought && part.text) found.push({ kind: 'reasoning', text: part.text });
  else if (typeof part.text === 'string') found.push({ kind: 'text', text: part.text });
  else found.push({ kind: 'other', text: Object.keys(part)[0] ?? 'part', value: part });
}

/** The role a message is shown under. */
export function role(message) {
  if (message?.role === 'model') return 'assistant';
  if (message?.role) return message.role;
  if (message?.type === 'function_call' || message?.type === 'reasoning') return 'assistant';
  if (message?.type === 'function_call_output') return 'tool';
  return message?.type ?? 'message';
}

/** Text of a tool result's output, whatever shape it came in. */
function outputText(output) {
  if (Array.isArray(output)) return output.map((part) => part?.text ?? plain(part)).join('\n');
  return plain(output);
}

/**
 * The conversation as a list: a tool call's result is drawn under the call, and a message made
 * only of results that found their call is not drawn again.
 */
export function renderConversation(messages) {
  const decoded = messages.map((message) => ({ message, parts: parts(message) }));
  const results = new Map();
  for (const { parts: found } of decoded) {
    for (const part of found) if (part.kind === 'result' && part.id && !results.has(part.id)) results.set(part.id, part);
  }
  const called = new Set(decoded.flatMap(({ parts: found }) => found.filter((part) => part.kind === 'call').map((part) => part.id)));
  const list = h('ol', { class: 'conversation' });
  decoded.forEach(({ message, parts: found }, index) => {
    const standalone = found.filter((part) => !(part.kind === 'result' && called.has(part.id)));
    if (found.length > 0 && standalone.length === 0) return;
    const who = role(message);
    const item = h('li', { class: `message role-${who.replace(/[^a-z_-]/gi, '')}`, dataset: { index } },
      h('div', { class: 'who' }, who, message?.name ? h('span', { class: 'muted' }, ` · ${message.name}`) : null));
    if (standalone.length === 0) item.append(h('p', { class: 'muted' }, '(empty)'));
    for (const part of standalone) item.append(partView(part, results, called));
    list.append(item);
  });
  return list;
}

function partView(part, results, called) {
  switch (part.kind) {
    case 'text': return h('div', { class: 'text' }, part.text);
    case 'reasoning': return h('div', { class: 'reasoning' }, h('span', { class: 'tag' }, 'reasoning'), ' ', part.text);
    case 'error': return h('div', { class: 'error-text' }, part.text);
    case 'call': {
      const result = results.get(part.id);
      return h('div', { class: 'tool-call' },
        h('div', {}, h('span', { class: 'tag' }, 'tool call'), ' ', h('code', {}, part.name ?? '?'),
          h('code', { class: 'args' }, `(${excerpt(plain(part.arguments), 400)})`)),
        result ? resultView(result)
          : h('div', { class: 'muted result' }, '↳ no result yet'));
    }
    case 'result': {
      const view = resultView(part);
      if (!called.has(part.id)) view.prepend(h('span', { class: 'muted' }, `(call ${part.id ?? '?'} not in the conversation) `));
      return view;
    }
    default: return h('div', { class: 'muted' }, `[${part.text}]`);
  }
}

function resultView(part) {
  const failed = part.error === true;
  return h('div', { class: failed ? 'result error' : 'result' },
    h('span', { class: 'tag' }, failed ? '✗ tool error' : '↳ result'), ' ',
    h('span', { class: 'output' }, excerpt(outputText(part.output), 600)));
}
