"""Events as plain dicts (the server's JSON), and the results of appending them."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

Event = dict[str, Any]


def now_ms() -> int:
    return int(time.time() * 1000)


def make_event(event_type: str, payload: dict[str, Any], *, trace_id: uuid.UUID | str,
               session_id: uuid.UUID | str | None = None, id: uuid.UUID | str | None = None,
               user_id: str | None = None, agent_id: str | None = None,
               timestamp_ms: int | None = None) -> Event:
    """An event ready to append, with its id assigned now, so a retry can never store it twice."""
    event: Event = {
        "id": str(id or uuid.uuid4()),
        "event_type": event_type,
        "trace_id": str(trace_id),
        "timestamp_ms": now_ms() if timestamp_ms is None else int(timestamp_ms),
        "payload": payload,
    }
    if session_id is not None:
        event["session_id"] = str(session_id)
    if user_id is not None:
        event["user_id"] = user_id
    if agent_id is not None:
        event["agent_id"] = agent_id
    return event


def with_id(event: Event) -> Event:
    """The event with an id and a timestamp, assigning what is missing (a copy)."""
    out = dict(event)
    out.setdefault("id", str(uuid.uuid4()))
    out.setdefault("timestamp_ms", now_ms())
    return out


@dataclass(frozen=True)
class AppendedEvent:
    id: str
    position: int
    session_seq: int | None
    duplicate: bool


@dataclass(frozen=True)
class AppendResult:
    """What the server stored: one entry per event sent, in order."""

    events: list[AppendedEvent]
    stored: int
    duplicates: int

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> AppendResult:
        return cls(
            events=[AppendedEvent(id=e["id"], position=e["position"],
                                  session_seq=e.get("session_seq"),
                                  duplicate=bool(e.get("duplicate", False)))
                    for e in body.get("events", [])],
            stored=int(body.get("stored", 0)),
            duplicates=int(body.get("duplicates", 0)),
        )


@dataclass(frozen=True)
class EventPage:
    """A page of a read: the events and the position to read from next."""

    events: list[Event] = field(default_factory=list)
    next: int = 0
