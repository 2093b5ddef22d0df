"""An OpenAI Agents SDK `Session` whose history lives in Logbook.

Every item is a `message.added` event whose payload is the item as the SDK gave it;
`pop_item` appends `message.removed`, `clear_session` appends `session.cleared`. History
is never rewritten: it is the session's replay, so it can also be read as it was at any
earlier position (``as_of_position``).
"""

from __future__ import annotations

import asyncio
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from agents.memory import SessionSettings
from agents.memory.session_settings import resolve_session_limit
from agents.tracing import get_current_trace

from .async_client import AsyncLogbookClient
from .client import LogbookClient
from .errors import ConflictError, LogbookError, NotFoundError
from .events import make_event
from .ids import to_uuid


@dataclass
class _Fold:
    """The session as far as it has been read: its version and the live items' event ids."""

    version: int = 0
    next_position: int = 0
    items: list[tuple[str, Any]] = field(default_factory=list)

    def apply(self, event: dict[str, Any]) -> None:
        self.version = max(self.version, int(event.get("session_seq") or 0))
        self.next_position = max(self.next_position, int(event["position"]) + 1)
        kind, payload = event["event_type"], event.get("payload") or {}
        if kind == "message.added":
            self.items.append((event["id"], payload))
        elif kind == "message.removed":
            gone = payload.get("event_id")
            self.items = [item for item in self.items if item[0] != gone]
        elif kind == "session.cleared":
            self.items = []


class LogbookSession:
    """Conversation memory for `Runner.run(..., session=LogbookSession("user-42"))`.

    ``session_id`` is any string; its Logbook session is ``to_uuid(session_id)``. Writes
    carry the session version read just before (optimistic concurrency): when another
    writer got in between, the session is read again and the write retried, up to
    ``max_retries`` times, then `ConflictError` is raised. With ``as_of_position`` the
    session is read-only and shows its history as of that log position.
    """

    session_settings: SessionSettings | None = None

    def __init__(self, session_id: str, client: LogbookClient | AsyncLogbookClient | None = None,
                 *, as_of_position: int | None = None,
                 session_settings: SessionSettings | None = None, user_id: str | None = None,
                 max_retries: int = 5) -> None:
        self.session_id = session_id
        self.session_uuid = str(to_uuid(session_id))
        self.client = client if client is not None else LogbookClient()
        self.as_of_position = as_of_position
        self.session_settings = session_settings or SessionSettings()
        self.user_id = user_id
        self.max_retries = max_retries
        self._fold = _Fold()
        self._lock = asyncio.Lock()

    async def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        method = getattr(self.client, name)
        if isinstance(self.client, AsyncLogbookClient):
            return await method(*args, **kwargs)
        return await asyncio.to_thread(method, *args, **kwargs)

    # The Session protocol

    async def get_items(self, limit: int | None = None) -> list[Any]:
        limit = resolve_session_limit(limit, self.session_settings)
        if limit is not None and limit == 0:
            return []
        last = limit if limit is not None and limit > 0 else None
        try:
            items = await self._call("replay_session", self.session_uuid, format="messages",
                                     as_of_position=self.as_of_position, last=last)
        except NotFoundError:
            return []
        return list(items)

    async def add_items(self, items: list[Any]) -> None:
        self._check_writable()
        if not items:
            return
        ids = [str(uuid.uuid4()) for _ in items]  # the same ids on every try
        await self._append(lambda fold: [
            self._event("message.added", dict(item), id=event_id)
            for item, event_id in zip(items, ids)])

    async def pop_item(self) -> Any | None:
        self._check_writable()
        popped: list[Any] = []

        def removal(fold: _Fold) -> list[dict[str, Any]]:
            popped.clear()
            if not fold.items:
                return []
            event_id, item = fold.items[-1]
            popped.append(item)
            return [self._event("message.removed", {"event_id": event_id, "reason": "pop_item"})]

        await self._append(removal)
        return popped[0] if popped else None

    async def clear_session(self) -> None:
        self._check_writable()
        await self._append(lambda fold: [self._event("session.cleared", {"reason": "clear_session"})])

    # Writing

    def _check_writable(self) -> None:
        if self.as_of_position is not None:
            raise LogbookError(f"session {self.session_id} is read as of position "
                               f"{self.as_of_position}; it cannot be written")

    def _event(self, event_type: str, payload: dict[str, Any], *, id: str | None = None):
        trace = get_current_trace()
        trace_id = to_uuid(trace.trace_id) if trace is not None and trace.trace_id != "no-op" \
            else to_uuid(f"session:{self.session_id}")
        return make_event(event_type, payload, trace_id=trace_id, session_id=self.session_uuid,
                          id=id, user_id=self.user_id)

    async def _append(self, build) -> None:
        async with self._lock:
            for attempt in range(self.max_retries + 1):
                await self._refresh()
                events = build(self._fold)
                if not events:
                    return
                try:
                    await self._call("append_batch", events, expected_version=self._fold.version,
                                     session_id=self.session_uuid)
                    return
                except ConflictError:
                    if attempt == self.max_retries:
                        raise
                    await asyncio.sleep(random.uniform(0.005, 0.05) * (attempt + 1))

    async def _refresh(self) -> None:
        """Read the session's events since the last read and fold them in."""
        while True:
            page = await self._call("read", from_position=self._fold.next_position, limit=1000,
                                    session=self.session_uuid)
            for event in page.events:
                if int(event["position"]) >= self._fold.next_position:
                    self._fold.apply(event)
            if len(page.events) < 1000:
                return
