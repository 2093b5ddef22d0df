"""Python client for Logbook, the append-only event store for what AI agents do."""

from .async_client import AsyncLogbookClient
from .client import LogbookClient
from .errors import (
    AuthError,
    BadEventError,
    ConflictError,
    IdConflictError,
    LogbookConnectionError,
    LogbookError,
    NotFoundError,
    ServerError,
)
from .events import AppendedEvent, AppendResult, Event, EventPage, make_event
from .exporter import EventSink, JsonlSink, LogbookExporter, MemorySink
from .ids import NAMESPACE, span_event_id, to_uuid

__all__ = [
    "AppendResult", "AppendedEvent", "AsyncLogbookClient", "AuthError", "BadEventError",
    "ConflictError", "Event", "EventPage", "EventSink", "IdConflictError", "JsonlSink",
    "LogbookClient", "LogbookConnectionError", "LogbookError", "LogbookExporter", "MemorySink",
    "NAMESPACE", "NotFoundError", "ServerError", "make_event", "span_event_id", "to_uuid",
]


def __getattr__(name: str):
    # The Agents SDK integration is imported on first use, so the core needs only httpx.
    if name == "LogbookSession":
        from .session import LogbookSession
        return LogbookSession
    if name == "LogbookTracingProcessor":
        from .tracing import LogbookTracingProcessor
        return LogbookTracingProcessor
    raise AttributeError(name)
