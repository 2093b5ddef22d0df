"""The persistence interface over a Logbook server: every write is an event in the log,
reads come from the server's read models and from the run's own events.

Runs are identified in Logbook by a UUID: a run id that is a UUID is used as is, any
other string becomes ``to_uuid(run_id)``; the original id travels in the events' payloads
and comes back on reads.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import datetime, timezone
from typing import Any

from ..client import LogbookClient
from ..errors import LogbookError
from ..events import make_event, now_ms
from ..ids import to_uuid
from .base import BasePersistence
from .models import AgentLLMUsage, AgentRun, AgentRunEvent, AgentRunStatus

_TERMINAL = {AgentRunStatus.COMPLETED.value: "run.completed",
             AgentRunStatus.ERROR.value: "run.failed",
             AgentRunStatus.CANCELLED.value: "run.cancelled"}


def _ms(moment: datetime | None) -> int:
    if moment is None:
        return now_ms()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1000)


def _dt(ms: Any) -> datetime | None:
    return None if ms is None else datetime.fromtimestamp(int(ms) / 1000, tz=timezone.utc)


def _json_or_text(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True)


def _clean(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if v is not None}


class LogbookPersistence(BasePersistence):
    """`BasePersistence` on Logbook. Reads wait (up to ``read_wait`` seconds) for the
    projections to catch up with this backend's own writes, so a read sees them."""

    def __init__(self, client: LogbookClient | None = None, *, read_wait: float = 10.0) -> None:
        self.client = client or LogbookClient()
        self.read_wait = read_wait
        self._unprojected = False

    # Writing

    def _append(self, *events: dict[str, Any]) -> None:
        self.client.append_batch(list(events))
        self._unprojected = True

    def _run_event(self, event_type: str, run_id: str, payload: dict[str, Any], *,
                   agent_id: str | None, at: datetime | None) -> dict[str, Any]:
        return make_event(event_type, _clean(payload), trace_id=to_uuid(run_id),
                          agent_id=agent_id or None, timestamp_ms=_ms(at))

    def _ended(self, run: AgentRun, run_id: str) -> dict[str, Any]:
        return self._run_event(_TERMINAL[run.status], run_id, {
            "run_id": run_id, "final_output": run.final_synthesis_output,
            "total_iterations": run.total_iterations, "error_message": run.error_message,
            "execution_history": run.execution_history,
        }, agent_id=run.agent_id, at=run.finished_at)

    def create_agent_run(self, run: AgentRun) -> None:
        events = [self._run_event("run.started", run.run_id, {
            "agent_name": run.agent_name, "objective": run.objective, "run_id": run.run_id,
            "additional_context": run.additional_context, "status": run.status,
            "total_iterations": run.total_iterations, "metadata_text": run.metadata,
            "execution_history": run.execution_history,
        }, agent_id=run.agent_id, at=run.started_at)]
        if run.status in _TERMINAL:
            events.append(self._ended(run, run.run_id))
        self._append(*events)

    def update_agent_run(self, run_id: str, run: AgentRun) -> None:
        if run.status in _TERMINAL:
            self._append(self._ended(run, run_id))
            return
        # Not finished: a checkpoint of the run's state (status, iterations, history).
        self._append(self._run_event("run.state_saved", run_id, {
            "state_type": "checkpoint", "schema_version": 1,
            "state_data": _clean({"run_id": run_id, "status": run.status,
                                  "total_iterations": run.total_iterations,
                                  "execution_history": run.execution_history,
                                  "final_output": run.final_synthesis_output}),
        }, agent_id=run.agent_id, at=None))

    def delete_agent_run(self, run_id: str) -> bool:
        if self.get_agent_run(run_id) is None:
            return False
        self._append(self._run_event("run.deleted", run_id, {"reason": "delete_agent_run"},
                                     agent_id=None, at=None))
        return True

    def log_agent_run_event(self, event: AgentRunEvent) -> None:
        level = "error" if "error" in event.event_type else "info"
        self._append(self._run_event("run.log", event.run_id, {
            "level": level, "message": event.event_type,
            "attributes": _clean({"event_type": event.event_type, "run_id": event.run_id,
                                  "agent_name": event.agent_name, "data": event.data}),
        }, agent_id=event.agent_id, at=event.timestamp))

    def log_llm_usage(self, usage: AgentLLMUsage) -> None:
        metrics = _json_or_text(usage.usage_metrics)
        cost = usage.get_cost_usd()
        trace = to_uuid(usage.run_id) if usage.run_id else uuid.uuid4()
        self._append(make_event("llm.interaction", _clean({
            "provider": usage.provider or "unknown", "model": usage.model or "unknown",
            "prompt": usage.prompt, "response": usage.response_content,
            "input_params": _json_or_text(usage.input_params),
            "input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens,
            "usage": metrics if isinstance(metrics, dict) else None,
            "usage_metrics_text": usage.usage_metrics, "input_params_text": usage.input_params,
            "status": usage.status, "error_message": usage.error_message,
            "latency_ms": usage.latency_ms, "cost_usd": cost, "run_id": usage.run_id,
        }), trace_id=trace, agent_id=usage.agent_id, timestamp_ms=_ms(usage.created_at)))

    # Reading

    def _caught_up(self) -> None:
        """Wait until the projections have applied what this backend wrote."""
        if not self._unprojected:
            return
        deadline = time.monotonic() + self.read_wait
        while time.monotonic() < deadline:
            try:
                if int(self.client.readiness().get("projection_lag", 1)) == 0:
                    self._unprojected = False
                    return
            except (LogbookError, ValueError):
                pass
            time.sleep(0.02)

    def _run_from(self, row: dict[str, Any]) -> AgentRun | None:
        if row.get("started_at") is None:
            return None  # only LLM calls seen: not a run this interface created
        events = list(self.client.iter_events(trace=row["run_id"]))
        started = next((e for e in events if e["event_type"] == "run.started"), None)
        start = (started or {}).get("payload", {})
        status = row.get("status") or AgentRunStatus.PENDING.value
        iterations = row.get("total_iterations")
        history = start.get("execution_history")
        final = row.get("final_synthesis_output")
        if status not in _TERMINAL:
            status = start.get("status", status)
            for event in events:
                if event["event_type"] == "run.state_saved":
                    state = event["payload"].get("state_data", {})
                    status = state.get("status", status)
                    iterations = state.get("total_iterations", iterations)
                    history = state.get("execution_history", history)
                    final = state.get("final_output", final)
        else:
            ends = [e for e in events if e["event_type"] in _TERMINAL.values()]
            if ends:
                history = ends[0]["payload"].get("execution_history", history)
        return AgentRun(
            agent_id=row.get("agent_id") or (started or {}).get("agent_id") or "",
            run_id=start.get("run_id") or row["run_id"],
            agent_name=row.get("agent_name") or start.get("agent_name") or "",
            objective=row.get("objective") or start.get("objective") or "",
            additional_context=start.get("additional_context", row.get("additional_context")),
            started_at=_dt(row.get("started_at")), finished_at=_dt(row.get("finished_at")),
            total_iterations=int(iterations if iterations is not None
                                 else start.get("total_iterations", 0)),
            final_synthesis_output=final, execution_history=history, status=status,
            error_message=row.get("error_message"), metadata=start.get("metadata_text"))

    def get_agent_run(self, run_id: str) -> AgentRun | None:
        self._caught_up()
        row = self.client.query_run(to_uuid(run_id))
        return self._run_from(row) if row else None

    def get_agent_runs(self, agent_id: str | None = None, limit: int = 10,
                       offset: int = 0) -> list[AgentRun]:
        self._caught_up()
        rows = self.client.query_runs(agent=agent_id, limit=limit, offset=offset)
        runs = [self._run_from(row) for row in rows
                if agent_id is None or row.get("agent_id") == agent_id]
        return [run for run in runs if run is not None]

    def get_agent_run_events(self, run_id: str,
                             event_type: str | None = None) -> list[AgentRunEvent]:
        self._caught_up()
        out = []
        for event in self.client.iter_events(trace=to_uuid(run_id), type="run.log"):
            attributes = event["payload"].get("attributes") or {}
            kind = attributes.get("event_type", event["payload"].get("message", ""))
            if event_type is not None and kind != event_type:
                continue
            out.append(AgentRunEvent(
                agent_id=event.get("agent_id") or "", run_id=attributes.get("run_id", run_id),
                agent_name=attributes.get("agent_name", ""), timestamp=_dt(event["timestamp_ms"]),
                event_type=kind, data=attributes.get("data"), id=event["position"],
                created_at=_dt(event.get("recorded_at_ms"))))
        out.sort(key=lambda e: (e.timestamp, e.id))
        return out

    def get_llm_usage(self, agent_id: str | None = None, run_id: str | None = None,
                      limit: int = 100) -> list[AgentLLMUsage]:
        self._caught_up()
        trace = to_uuid(run_id) if run_id else None
        out = []
        for event in self.client.iter_events(trace=trace, type="llm.interaction"):
            if agent_id is not None and event.get("agent_id") != agent_id:
                continue
            p = event["payload"]
            prompt = p.get("prompt") if isinstance(p.get("prompt"), str) else _text(p.get("prompt"))
            response = _text(p.get("response"))
            out.append(AgentLLMUsage(
                agent_id=event.get("agent_id"), run_id=p.get("run_id"), provider=p["provider"],
                model=p["model"], prompt=prompt or "", prompt_length=len(prompt or ""),
                input_params=p.get("input_params_text", _text(p.get("input_params"))),
                input_tokens=p.get("input_tokens"), output_tokens=p.get("output_tokens"),
                response_content=response,
                response_length=None if response is None else len(response),
                usage_metrics=p.get("usage_metrics_text", _text(p.get("usage"))),
                status=p.get("status", "success"), error_message=p.get("error_message"),
                latency_ms=p.get("latency_ms"), id=event["position"],
                created_at=_dt(event["timestamp_ms"])))
        out.sort(key=lambda u: (u.created_at, u.id))
        return out[:limit]

    def get_agent_run_stats(self, agent_id: str | None = None) -> dict[str, Any]:
        self._caught_up()
        row = self.client.query_stats(agent=agent_id)
        return {
            "total_runs": int(row.get("runs", 0)),
            "completed_runs": int(row.get("completed", 0)),
            "error_runs": int(row.get("errors", 0)),
            "avg_iterations": float(row.get("avg_iterations") or 0.0),
            "total_llm_calls": int(row.get("llm_calls", 0)),
            "total_input_tokens": int(row.get("input_tokens", 0)),
            "total_output_tokens": int(row.get("output_tokens", 0)),
        }

    def health_check(self) -> bool:
        return self.client.health()

    def close(self) -> None:
        self.client.close()
