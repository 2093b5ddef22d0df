"""The synchronous client: one `httpx.Client`, safe to share between threads."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx

from . import _requests as rq
from .errors import LogbookConnectionError, LogbookError, NotFoundError
from .events import AppendResult, Event, EventPage
from .sse import iter_sse


class LogbookClient:
    """Appends, reads, follows, replays and queries a Logbook server.

    ``base_url`` defaults to ``$LOGBOOK_URL``, then ``http://127.0.0.1:7700``; ``token`` to
    ``$LOGBOOK_TOKEN``.
    """

    def __init__(self, base_url: str | None = None, token: str | None = None, *,
                 timeout: float = 30.0, transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = rq.default_base_url(base_url)
        self.token = rq.default_token(token)
        self._http = httpx.Client(base_url=self.base_url, headers=rq.headers(self.token),
                                  timeout=timeout, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> LogbookClient:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _send(self, request: rq.Request) -> Any:
        try:
            response = self._http.request(request.method, request.path,
                                          params=request.clean_params(), json=request.json,
                                          headers=request.headers)
        except httpx.TransportError as error:
            raise LogbookConnectionError(f"{request.method} {request.path}: {error!r}") from error
        return rq.parse(response)

    # Appending

    def append(self, event: Event, *, expected_version: int | None = None) -> AppendResult:
        """Append one event; with ``expected_version``, only if its session is at that version."""
        return self.append_batch([event], expected_version=expected_version)

    def append_batch(self, events: list[Event], *, expected_version: int | None = None,
                     session_id: Any | None = None) -> AppendResult:
        """Append events as one all-or-nothing batch."""
        return AppendResult.from_json(self._send(rq.append(events, expected_version, session_id)))

    # Reading

    def read(self, *, from_position: int = 0, limit: int = 100, session: Any = None,
             trace: Any = None, type: str | None = None) -> EventPage:
        body = self._send(rq.read(from_position, limit, session, trace, type))
        return EventPage(events=list(body.get("events", [])), next=int(body.get("next", 0)))

    def iter_events(self, *, from_position: int = 0, page_size: int = 500, session: Any = None,
                    trace: Any = None, type: str | None = None) -> Iterator[Event]:
        """Every matching event up to the current head, page by page."""
        position = from_position
        while True:
            page = self.read(from_position=position, limit=page_size, session=session,
                             trace=trace, type=type)
            yield from page.events
            if not page.events or page.next <= position:
                return
            position = page.next

    def follow(self, *, from_position: int | None = None, type: str | None = None,
               session: Any = None, last_event_id: int | None = None,
               reconnect: bool = True, max_backoff: float = 10.0) -> Iterator[Event]:
        """Follow new durable events (SSE). Reconnects after a drop, resuming after the
        last event received (``Last-Event-ID``), so nothing is missed or seen twice."""
        last = last_event_id
        backoff = 0.1
        while True:
            params = {"type": type, "session": None if session is None else str(session),
                      "from": from_position if last is None else None}
            headers = {"Accept": "text/event-stream"}
            if last is not None:
                headers["Last-Event-ID"] = str(last)
            try:
                with self._http.stream("GET", "/v1/events/stream", headers=headers,
                                       params={k: v for k, v in params.items() if v is not None},
                                       timeout=httpx.Timeout(10.0, read=60.0)) as response:
                    if response.status_code >= 400:
                        response.read()
                        rq.parse(response)
                    backoff = 0.1
                    for message in iter_sse(response.iter_lines()):
                        if message.event != "event":
                            continue
                        event = json.loads(message.data)
                        last = int(message.id) if message.id else event.get("position", last)
                        yield event
            except httpx.TransportError as error:
                if not reconnect:
                    raise LogbookConnectionError(f"follow: {error!r}") from error
            if not reconnect:
                return
            time.sleep(backoff)
            backoff = min(backoff * 2, max_backoff)

    # Replay

    def replay_session(self, session_id: Any, *, format: str = "json",
                       as_of_position: int | None = None, as_of: Any = None,
                       last: int | None = None) -> Any:
        """The session's context (``json``), its messages (``messages``) or a transcript."""
        return self._send(rq.replay("sessions", session_id, format, as_of_position, as_of, last))

    def replay_trace(self, trace_id: Any, *, format: str = "json",
                     as_of_position: int | None = None, as_of: Any = None) -> Any:
        return self._send(rq.replay("traces", trace_id, format, as_of_position, as_of, None))

    # Queries (read models)

    def query_runs(self, *, agent: str | None = None, limit: int = 20,
                   offset: int = 0) -> list[dict[str, Any]]:
        return rq.rows(self._send(rq.query("runs", agent=agent, limit=limit, offset=offset)))

    def query_run(self, run_id: Any) -> dict[str, Any] | None:
        try:
            return self._send(rq.query("run", run_id)).get("row")
        except NotFoundError:
            return None

    def query_events(self, *, run: Any = None, type: str | None = None) -> list[dict[str, Any]]:
        return rq.rows(self._send(rq.query("events", run=run and str(run), type=type)))

    def query_llm(self, *, by: str | None = None, run: Any = None,
                  limit: int | None = None) -> list[dict[str, Any]]:
        return rq.rows(self._send(rq.query("llm", by=by, run=run and str(run), limit=limit)))

    def query_stats(self, *, agent: str | None = None) -> dict[str, Any]:
        return self._send(rq.query("stats", agent=agent)).get("row") or {}

    def query_sessions(self, *, user: str | None = None, limit: int | None = None,
                       offset: int | None = None) -> list[dict[str, Any]]:
        return rq.rows(self._send(rq.query("sessions", user=user, limit=limit, offset=offset)))

    def query_documents(self, *, session: Any) -> list[dict[str, Any]]:
        return rq.rows(self._send(rq.query("documents", session=str(session))))

    def query_steps(self, *, trace: Any) -> list[dict[str, Any]]:
        return rq.rows(self._send(rq.query("steps", trace=str(trace))))

    def query_logs(self, *, run: Any, level: str | None = None,
                   limit: int | None = None) -> list[dict[str, Any]]:
        """A run's log lines (``run.log``) in time order; ``level`` keeps it and the more severe."""
        return rq.rows(self._send(rq.query("logs", run=str(run), level=level, limit=limit)))

    def readiness(self) -> dict[str, Any]:
        """``/readyz``: whether the log is open and how far the projections lag behind it."""
        try:
            response = self._http.get("/readyz")
        except httpx.TransportError as error:
            raise LogbookConnectionError(f"GET /readyz: {error!r}") from error
        return response.json() if response.content else {}

    def health(self) -> bool:
        """Whether ``/healthz`` answers ok."""
        try:
            body = self._send(rq.Request("GET", "/healthz"))
        except LogbookError:
            return False
        return isinstance(body, dict) and body.get("status") == "ok"
