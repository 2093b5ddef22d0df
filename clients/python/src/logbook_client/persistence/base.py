"""The persistence interface every backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from .models import AgentLLMUsage, AgentRun, AgentRunEvent


class BasePersistence(ABC):
    """Agent runs, their events and LLM usage, and statistics over them."""

    @abstractmethod
    def create_agent_run(self, run: AgentRun) -> None: ...

    @abstractmethod
    def update_agent_run(self, run_id: str, run: AgentRun) -> None: ...

    @abstractmethod
    def get_agent_run(self, run_id: str) -> AgentRun | None: ...

    @abstractmethod
    def get_agent_runs(self, agent_id: str | None = None, limit: int = 10,
                       offset: int = 0) -> list[AgentRun]: ...

    @abstractmethod
    def delete_agent_run(self, run_id: str) -> bool: ...

    @abstractmethod
    def log_agent_run_event(self, event: AgentRunEvent) -> None: ...

    @abstractmethod
    def get_agent_run_events(self, run_id: str,
                             event_type: str | None = None) -> list[AgentRunEvent]: ...

    @abstractmethod
    def log_llm_usage(self, usage: AgentLLMUsage) -> None: ...

    @abstractmethod
    def get_llm_usage(self, agent_id: str | None = None, run_id: str | None = None,
                      limit: int = 100) -> list[AgentLLMUsage]: ...

    @abstractmethod
    def get_agent_run_stats(self, agent_id: str | None = None) -> dict[str, Any]: ...

    def health_check(self) -> bool:
        """Whether the backend answers; a backend that cannot fail says True."""
        return True

    def close(self) -> None:
        """Release connections; the backend is not used afterwards."""
