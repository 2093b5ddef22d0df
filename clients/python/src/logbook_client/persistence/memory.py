"""The reference backend: the interface's documented semantics, in memory.

Runs are listed newest start first; events and usage in the order they happened; stats
count every run of the agent (``avg_iterations`` over all of them, 0.0 without runs).
"""

from __future__ import annotations

import copy
import itertools
import threading
from datetime import datetime, timezone
from typing import Any

from .base import BasePersistence
from .models import AgentLLMUsage, AgentRun, AgentRunEvent, AgentRunStatus

_EARLY = datetime.min.replace(tzinfo=timezone.utc)


def _aware(moment: datetime | None) -> datetime:
    if moment is None:
        return _EARLY
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class InMemoryPersistence(BasePersistence):
    def __init__(self) -> None:
        self._runs: dict[str, AgentRun] = {}
        self._events: list[AgentRunEvent] = []
        self._usage: list[AgentLLMUsage] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def create_agent_run(self, run: AgentRun) -> None:
        with self._lock:
            if run.run_id in self._runs:
                raise ValueError(f"run {run.run_id} already exists")
            stored = copy.deepcopy(run)
            now = datetime.now(timezone.utc)
            stored.id = next(self._ids)
            stored.created_at = stored.updated_at = now
            self._runs[run.run_id] = stored

    def update_agent_run(self, run_id: str, run: AgentRun) -> None:
        with self._lock:
            old = self._runs.get(run_id)
            if old is None:
                return
            stored = copy.deepcopy(run)
            stored.run_id, stored.id, stored.created_at = run_id, old.id, old.created_at
            stored.updated_at = datetime.now(timezone.utc)
            self._runs[run_id] = stored

    def get_agent_run(self, run_id: str) -> AgentRun | None:
        with self._lock:
            run = self._runs.get(run_id)
            return copy.deepcopy(run) if run else None

    def get_agent_runs(self, agent_id: str | None = None, limit: int = 10,
                       offset: int = 0) -> list[AgentRun]:
        with self._lock:
            runs = [r for r in self._runs.values() if agent_id is None or r.agent_id == agent_id]
        runs.sort(key=lambda r: (_aware(r.started_at), r.id or 0), reverse=True)
        return copy.deepcopy(runs[offset:offset + limit])

    def delete_agent_run(self, run_id: str) -> bool:
        with self._lock:
            if self._runs.pop(run_id, None) is None:
                return False
            self._events = [e for e in self._events if e.run_id != run_id]
            self._usage = [u for u in self._usage if u.run_id != run_id]
            return True

    def log_agent_run_event(self, event: AgentRunEvent) -> None:
        with self._lock:
            stored = copy.deepcopy(event)
            stored.id = next(self._ids)
            stored.created_at = datetime.now(timezone.utc)
            stored.timestamp = stored.timestamp or stored.created_at
            self._events.append(stored)

    def get_agent_run_events(self, run_id: str,
                             event_type: str | None = None) -> list[AgentRunEvent]:
        with self._lock:
            events = [e for e in self._events if e.run_id == run_id
                      and (event_type is None or e.event_type == event_type)]
        events.sort(key=lambda e: (_aware(e.timestamp), e.id or 0))
        return copy.deepcopy(events)

    def log_llm_usage(self, usage: AgentLLMUsage) -> None:
        with self._lock:
            stored = copy.deepcopy(usage)
            stored.id = next(self._ids)
            stored.created_at = stored.created_at or datetime.now(timezone.utc)
            self._usage.append(stored)

    def get_llm_usage(self, agent_id: str | None = None, run_id: str | None = None,
                      limit: int = 100) -> list[AgentLLMUsage]:
        with self._lock:
            rows = [u for u in self._usage if (agent_id is None or u.agent_id == agent_id)
                    and (run_id is None or u.run_id == run_id)]
        rows.sort(key=lambda u: (_aware(u.created_at), u.id or 0))
        return copy.deepcopy(rows[:limit])

    def get_agent_run_stats(self, agent_id: str | None = None) -> dict[str, Any]:
        with self._lock:
            runs = [r for r in self._runs.values() if agent_id is None or r.agent_id == agent_id]
            usage = [u for u in self._usage if agent_id is None or u.agent_id == agent_id]
        return {
            "total_runs": len(runs),
            "completed_runs": sum(r.status == AgentRunStatus.COMPLETED.value for r in runs),
            "error_runs": sum(r.status == AgentRunStatus.ERROR.value for r in runs),
            "avg_iterations": (sum(r.total_iterations for r in runs) / len(runs)) if runs else 0.0,
            "total_llm_calls": len(usage),
            "total_input_tokens": sum(u.input_tokens or 0 for u in usage),
            "total_output_tokens": sum(u.output_tokens or 0 for u in usage),
        }

    def clear_all(self) -> None:
        with self._lock:
            self._runs.clear()
            self._events.clear()
            self._usage.clear()

    def get_all_data(self) -> dict[str, Any]:
        with self._lock:
            return {"agent_runs": copy.deepcopy(list(self._runs.values())),
                    "agent_run_events": copy.deepcopy(self._events),
                    "agent_llm_usage": copy.deepcopy(self._usage)}
