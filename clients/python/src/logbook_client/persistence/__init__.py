"""The curio-style persistence interface, on Logbook and in memory (the reference)."""

from .base import BasePersistence
from .logbook import LogbookPersistence
from .memory import InMemoryPersistence
from .models import AgentLLMUsage, AgentRun, AgentRunEvent, AgentRunStatus

__all__ = ["AgentLLMUsage", "AgentRun", "AgentRunEvent", "AgentRunStatus", "BasePersistence",
           "InMemoryPersistence", "LogbookPersistence"]
