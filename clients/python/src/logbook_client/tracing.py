"""An OpenAI Agents SDK tracing processor that records traces and spans as Logbook events.

One trace is one run (its trace id becomes the run's id); each span becomes the events of
its kind (see `LogbookTracingProcessor`). Event ids are derived from the SDK's span ids, so
exporting the same trace again stores nothing new.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from agents.tracing import Span, Trace, TracingProcessor
from agents.tracing import util as tracing_util

from .events import Event, make_event
from .exporter import EventSink, LogbookExporter
from .client import LogbookClient
from .ids import span_event_id, to_uuid

logger = logging.getLogger("logbook_client.tracing")

_SESSION_KEYS = ("session_id", "session")


@dataclass
class _TraceState:
    sdk_id: str
    run_id: str
    session_id: str | None
    workflow_name: str
    group_id: str | None
    metadata: dict[str, Any] | None
    started_ms: int | None = None
    ended_ms: int | None = None
    run_started: bool = False
    error: str | None = None
    task_error: str | None = None
    guardrail_error: str | None = None
    first_agent: str | None = None
    turns: int = 0
    llm_calls: int = 0
    final_output: str | None = None
    usage: dict[str, Any] | None = None
    agent_of_span: dict[str, str] = field(default_factory=dict)


class LogbookTracingProcessor(TracingProcessor):
    """Maps Agents SDK traces and spans to Logbook events.

    | SDK | Logbook event |
    |---|---|
    | trace | `run.started` (at its first agent), `run.completed` / `run.failed` at its end |
    | agent span | `execution.started`, `execution.completed` / `execution.failed` |
    | response / generation span | `llm.interaction` (model, raw usage, normalised tokens, latency) |
    | function span | `tool.called`, `tool.result` (call_id: the span id) |
    | handoff span | `handoff.occurred` |
    | guardrail span | `guardrail.evaluated` |
    | MCP list-tools span | `mcp.tools_listed` |
    | task, turn, custom and other spans | `span.recorded` |

    A run fails when its task or an agent span carries an error (guardrail tripwire, max
    turns exceeded, a model error the SDK gave up on). Tool approvals are not traced by the
    SDK: call `record_interruptions` / `record_decision` where the application handles them.
    Events go to ``exporter`` (any `EventSink`), by default a `LogbookExporter` over ``client``.
    """

    def __init__(self, client: LogbookClient | None = None,
                 exporter: EventSink | None = None, *, user_id: str | None = None) -> None:
        self.exporter: EventSink = exporter or LogbookExporter(client)
        self.user_id = user_id
        self._traces: dict[str, _TraceState] = {}
        self._lock = threading.Lock()

    # TracingProcessor

    def on_trace_start(self, trace: Trace) -> None:
        try:
            exported = trace.export() or {}
            metadata = exported.get("metadata") if isinstance(exported.get("metadata"), dict) else None
            group_id = exported.get("group_id")
            session_name = next((str(metadata[k]) for k in _SESSION_KEYS
                                 if metadata and metadata.get(k)), None) or group_id
            state = _TraceState(
                sdk_id=trace.trace_id, run_id=str(to_uuid(trace.trace_id)),
                session_id=str(to_uuid(session_name)) if session_name else None,
                workflow_name=trace.name, group_id=group_id, metadata=metadata)
            with self._lock:
                self._traces[trace.trace_id] = state
        except Exception:
            logger.exception("logbook: could not record the start of trace %s", trace.trace_id)

    def on_trace_end(self, trace: Trace) -> None:
        try:
            with self._lock:
                state = self._traces.pop(trace.trace_id, None)
            if state is None:
                return
            self._ensure_run_started(state, state.workflow_name)
            payload: dict[str, Any] = {"total_iterations": state.turns or state.llm_calls}
            if state.final_output is not None:
                payload["final_output"] = state.final_output
            if state.usage is not None:
                payload["usage"] = state.usage
            error = state.task_error or state.error or state.guardrail_error
            if error:
                payload["error_message"] = error
            self._emit(state, "run.failed" if error else "run.completed", payload,
                       id=span_event_id(state.sdk_id, "run.ended"),
                       timestamp_ms=state.ended_ms or state.started_ms or _now_ms(),
                       agent=state.first_agent)
        except Exception:
            logger.exception("logbook: could not record the end of trace %s", trace.trace_id)

    def on_span_start(self, span: Span[Any]) -> None:
        try:
            state = self._state(span)
            if state is None:
                return
            data = span.span_data
            if state.started_ms is None:
                state.started_ms = _ms(span.started_at)
            agent = data.name if data.type == "agent" else state.agent_of_span.get(span.parent_id or "")
            if agent:
                state.agent_of_span[span.span_id] = agent
            if data.type == "agent":
                self._ensure_run_started(state, data.name)
                self._emit(state, "execution.started", {
                    "execution_id": span.span_id, "agent_name": data.name,
                    "span_id": span.span_id, "parent_span_id": span.parent_id,
                }, span=span, role="started", at=span.started_at, agent=agent)
        except Exception:
            logger.exception("logbook: could not record the start of span %s", span.span_id)

    def on_span_end(self, span: Span[Any]) -> None:
        try:
            state = self._state(span)
            if state is None:
                return
            ended = _ms(span.ended_at)
            if ended is not None and (state.ended_ms is None or ended > state.ended_ms):
                state.ended_ms = ended
            self._span_ended(state, span)
        except Exception:
            logger.exception("logbook: could not record span %s", span.span_id)

    def shutdown(self) -> None:
        self.exporter.shutdown()

    def force_flush(self) -> None:
        self.exporter.force_flush()

    # Interruptions (tool approvals), which the SDK does not trace

    def record_interruptions(self, result: Any) -> list[Event]:
        """Record each pending approval of a run result (``result.interruptions``)."""
        trace = getattr(result, "trace", None)
        run_id = str(to_uuid(trace.trace_id)) if trace is not None else None
        events = []
        for item in getattr(result, "interruptions", []) or []:
            raw = item.raw_item
            call_id = _field(raw, "call_id") or _field(raw, "id") or ""
            payload = {"call_id": call_id, "tool_name": item.tool_name or _field(raw, "name") or "",
                       "arguments": _arguments(item.arguments)}
            agent = getattr(getattr(item, "agent", None), "name", None)
            if agent:
                payload["agent_name"] = agent
            events.append(self._emit_plain("interruption.requested", payload, run_id,
                                           span_event_id(call_id, "interruption.requested")))
        return events

    def record_decision(self, item: Any, approved: bool, *, reason: str | None = None,
                        trace_id: str | None = None) -> Event:
        """Record the decision on a pending approval (`RunState.approve` / `.reject`)."""
        call_id = _field(item.raw_item, "call_id") or _field(item.raw_item, "id") or ""
        payload: dict[str, Any] = {"call_id": call_id,
                                   "decision": "approved" if approved else "rejected"}
        if reason:
            payload["reason"] = reason
        run_id = str(to_uuid(trace_id)) if trace_id else None
        return self._emit_plain("interruption.resolved", payload, run_id,
                                span_event_id(call_id, "interruption.resolved"))

    # Mapping

    def _span_ended(self, state: _TraceState, span: Span[Any]) -> None:
        data = span.span_data
        kind = data.type
        agent = state.agent_of_span.get(span.span_id)
        error = _error_text(span.error)
        common = {"span": span, "at": span.ended_at, "agent": agent}
        if kind == "agent":
            if error:
                state.error = error
                payload = {"execution_id": span.span_id, "agent_name": data.name,
                           "error_message": error, "span_id": span.span_id}
                self._emit(state, "execution.failed", payload, role="ended", **common)
            else:
                payload = {"execution_id": span.span_id, "agent_name": data.name,
                           "output_data": {"tools": data.tools, "handoffs": data.handoffs,
                                           "output_type": data.output_type},
                           "span_id": span.span_id}
                self._emit(state, "execution.completed", payload, role="ended", **common)
        elif kind in ("response", "generation"):
            state.llm_calls += 1
            payload = _llm_payload(span, error)
            text = _last_text(payload.get("response"))
            if text is not None:
                state.final_output = text
            self._emit(state, "llm.interaction", payload, role="interaction", **common)
        elif kind == "function":
            # Recorded at the end: the SDK sets the span's input only once the call runs.
            self._emit(state, "tool.called", {
                "call_id": span.span_id, "tool_name": data.name,
                "arguments": _arguments(data.input), "span_id": span.span_id,
            }, span=span, role="called", at=span.started_at, agent=agent)
            payload = {"call_id": span.span_id, "tool_name": data.name,
                       "output": _jsonable(data.output) if data.output is not None else "",
                       "is_error": error is not None, "span_id": span.span_id}
            latency = _latency_ms(span)
            if latency is not None:
                payload["latency_ms"] = latency
            if error:
                payload["error_message"] = error
            if data.mcp_data:
                payload["mcp_data"] = _jsonable(data.mcp_data)
            self._emit(state, "tool.result", payload, role="result", **common)
        elif kind == "handoff" and data.to_agent:
            self._emit(state, "handoff.occurred", {
                "from_agent": data.from_agent, "to_agent": data.to_agent, "span_id": span.span_id,
            }, role="handoff", **common)
        elif kind == "guardrail":
            if data.triggered and state.guardrail_error is None:
                state.guardrail_error = f"Guardrail tripwire triggered: {data.name}"
            self._emit(state, "guardrail.evaluated", {
                "name": data.name, "triggered": bool(data.triggered), "span_id": span.span_id,
            }, role="evaluated", **common)
        elif kind == "mcp_tools":
            self._emit(state, "mcp.tools_listed", {
                "server": data.server or "", "tools": list(data.result or []),
                "span_id": span.span_id,
            }, role="tools_listed", **common)
        else:
            self._record_other(state, span, error, common)

    def _record_other(self, state: _TraceState, span: Span[Any], error: str | None,
                      common: dict[str, Any]) -> None:
        exported = (span.export() or {}).get("span_data") or {}
        name = exported.get("name") or span.span_data.type
        attributes = exported.get("data") if span.span_data.type == "custom" else exported
        if span.span_data.type == "turn":
            state.turns += 1
            if error and state.error is None:
                state.error = error
        if span.span_data.type == "task":
            state.usage = getattr(span.span_data, "usage", None)
            if error:
                state.task_error = error
        payload: dict[str, Any] = {
            "name": str(name), "kind": span.span_data.type, "span_id": span.span_id,
            "parent_span_id": span.parent_id, "started_at_ms": _ms(span.started_at),
            "ended_at_ms": _ms(span.ended_at), "status": "error" if error else "ok",
            "attributes": _jsonable(attributes or {}),
        }
        if error:
            payload["error_message"] = error
        self._emit(state, "span.recorded", {k: v for k, v in payload.items() if v is not None},
                   role="recorded", **common)

    def _ensure_run_started(self, state: _TraceState, agent_name: str) -> None:
        if state.run_started:
            return
        state.run_started = True
        state.first_agent = agent_name
        payload: dict[str, Any] = {"agent_name": agent_name, "objective": state.workflow_name,
                                   "run_name": state.workflow_name,
                                   "workflow_name": state.workflow_name,
                                   "sdk_trace_id": state.sdk_id}
        if state.group_id:
            payload["group_id"] = state.group_id
        if state.metadata:
            payload["metadata"] = _jsonable(state.metadata)
        self._emit(state, "run.started", payload, id=span_event_id(state.sdk_id, "run.started"),
                   timestamp_ms=state.started_ms or _now_ms(), agent=agent_name)

    def _emit(self, state: _TraceState, event_type: str, payload: dict[str, Any], *,
              span: Span[Any] | None = None, role: str | None = None, at: str | None = None,
              agent: str | None = None, id: Any = None, timestamp_ms: int | None = None) -> None:
        if id is None:
            id = span_event_id(span.span_id, role)
        if timestamp_ms is None:
            timestamp_ms = _ms(at) or _now_ms()
        self.exporter.emit(make_event(event_type, payload, trace_id=state.run_id,
                                      session_id=state.session_id, id=id,
                                      user_id=self.user_id, agent_id=agent,
                                      timestamp_ms=timestamp_ms))

    def _emit_plain(self, event_type: str, payload: dict[str, Any], run_id: str | None,
                    id: Any) -> Event:
        event = make_event(event_type, payload, trace_id=run_id or str(id), id=id,
                           user_id=self.user_id)
        self.exporter.emit(event)
        return event

    def _state(self, span: Span[Any]) -> _TraceState | None:
        with self._lock:
            return self._traces.get(span.trace_id)


def _llm_payload(span: Span[Any], error: str | None) -> dict[str, Any]:
    data = span.span_data
    if data.type == "response":
        response = data.response
        model = getattr(response, "model", None)
        raw_usage = (response.usage.model_dump(mode="json", exclude_unset=True)
                     if response is not None and response.usage else None)
        output = ([item.model_dump(mode="json", exclude_unset=True) for item in response.output]
                  if response is not None else None)
        payload: dict[str, Any] = {"provider": "openai", "model": str(model or "unknown"),
                                   "prompt": _jsonable(data.input) if data.input is not None else "",
                                   "api": "responses"}
        if response is not None and response.id:
            payload["response_id"] = response.id
        usage = raw_usage or data.usage
    else:
        payload = {"provider": _provider(data.model_config), "model": str(data.model or "unknown"),
                   "prompt": _jsonable(data.input) if data.input is not None else "",
                   "api": "chat_completions"}
        if data.model_config:
            payload["input_params"] = _jsonable(dict(data.model_config))
        output = _jsonable(data.output) if data.output is not None else None
        usage = data.usage
    if output is not None:
        payload["response"] = _jsonable(output)
    if usage:
        payload["usage"] = _jsonable(usage)
        payload.update(normalised_tokens(usage))
    latency = _latency_ms(span)
    if latency is not None:
        payload["latency_ms"] = latency
    payload["status"] = "error" if error else "success"
    if error:
        payload["error_message"] = error
    payload["span_id"] = span.span_id
    return payload


def normalised_tokens(usage: dict[str, Any]) -> dict[str, int]:
    """OpenAI-convention token counts from a Responses or Chat Completions usage object:
    cached tokens are part of input, reasoning tokens part of output."""
    def detail(key: str, name: str) -> int:
        value = usage.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        return int((value or {}).get(name) or 0) if isinstance(value, dict) else 0

    input_tokens = usage.get("input_tokens", usage.get("prompt_tokens"))
    output_tokens = usage.get("output_tokens", usage.get("completion_tokens"))
    out: dict[str, int] = {}
    if input_tokens is not None:
        out["input_tokens"] = int(input_tokens)
    if output_tokens is not None:
        out["output_tokens"] = int(output_tokens)
    out["cached_input_tokens"] = (detail("input_tokens_details", "cached_tokens")
                                  or detail("prompt_tokens_details", "cached_tokens"))
    out["reasoning_tokens"] = (detail("output_tokens_details", "reasoning_tokens")
                               or detail("completion_tokens_details", "reasoning_tokens"))
    return out


def _provider(model_config: Any) -> str:
    base_url = str((model_config or {}).get("base_url") or "")
    for host, name in (("anthropic", "anthropic"), ("googleapis", "google"), ("groq", "groq"),
                       ("mistral", "mistral"), ("localhost:11434", "ollama")):
        if host in base_url:
            return name
    return "openai"


def _last_text(response: Any) -> str | None:
    """The text of the last assistant message in a model output, if it has one."""
    items = response if isinstance(response, list) else []
    for item in reversed(items):
        if isinstance(item, dict) and item.get("type") == "message":
            parts = [p.get("text", "") for p in item.get("content") or []
                     if isinstance(p, dict) and p.get("type") == "output_text"]
            if parts:
                return "".join(parts)
        if isinstance(item, dict) and item.get("role") == "assistant" and isinstance(item.get("content"), str):
            return item["content"]
    return None


def _error_text(error: Any) -> str | None:
    if not error:
        return None
    message = str(error.get("message") or "error")
    data = error.get("data")
    if data:
        return f"{message}: {json.dumps(_jsonable(data), sort_keys=True)}"
    return message


def _arguments(text: Any) -> Any:
    if isinstance(text, str):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return _jsonable(text)


def _field(raw: Any, name: str) -> Any:
    return raw.get(name) if isinstance(raw, dict) else getattr(raw, name, None)


def _jsonable(value: Any) -> Any:
    """A JSON value for anything the SDK puts on a span (pydantic models become dicts)."""
    def dump(v: Any) -> Any:
        if hasattr(v, "model_dump"):
            return v.model_dump(mode="json", exclude_unset=True)
        return str(v)

    return json.loads(json.dumps(dump(value) if hasattr(value, "model_dump") else value,
                                 default=dump))


def _ms(iso: str | None) -> int | None:
    if not iso:
        return None
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def _latency_ms(span: Span[Any]) -> int | None:
    start, end = _ms(span.started_at), _ms(span.ended_at)
    return None if start is None or end is None else end - start


def _now_ms() -> int:
    """Now, by the trace provider's clock: only for a trace without spans, whose times
    are then the export's, not the trace's."""
    return _ms(tracing_util.time_iso()) or 0
