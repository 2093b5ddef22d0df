"""The records of the persistence interface: runs, their events and LLM usage."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any


class AgentRunStatus(str, Enum):
    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    ERROR = "error"
    CANCELLED = "cancelled"


def _loads(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


@dataclass
class AgentRun:
    agent_id: str
    run_id: str
    agent_name: str = ""
    objective: str = ""
    additional_context: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    total_iterations: int = 0
    final_synthesis_output: str | None = None
    execution_history: str | None = None
    status: str = AgentRunStatus.PENDING.value
    error_message: str | None = None
    metadata: str | None = None
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass
class AgentRunEvent:
    agent_id: str
    run_id: str
    agent_name: str = ""
    timestamp: datetime | None = None
    event_type: str = ""
    data: str | None = None
    id: int | None = None
    created_at: datetime | None = None

    def get_data_dict(self) -> dict[str, Any]:
        """``data`` parsed from JSON; empty when absent or not a JSON object."""
        return _loads(self.data)


@dataclass
class AgentLLMUsage:
    agent_id: str | None = None
    run_id: str | None = None
    provider: str = ""
    model: str = ""
    prompt: str = ""
    prompt_length: int = 0
    input_params: str | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    response_content: str | None = None
    response_length: int | None = None
    usage_metrics: str | None = None
    status: str = "success"
    error_message: str | None = None
    latency_ms: int | None = None
    id: int | None = None
    created_at: datetime | None = None

    def get_total_tokens(self) -> int | None:
        """Input plus output tokens; None when neither is known."""
        if self.input_tokens is None and self.output_tokens is None:
            return None
        return (self.input_tokens or 0) + (self.output_tokens or 0)

    def get_cost_usd(self) -> float | None:
        """The ``cost_usd`` of ``usage_metrics``, when the provider reported one."""
        cost = _loads(self.usage_metrics).get("cost_usd")
        return float(cost) if isinstance(cost, (int, float)) else None
