"""The asynchronous client: the same API as `LogbookClient`, awaited."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx

from . import _requests as rq
from .errors import LogbookConnectionError, LogbookError, NotFoundError
from .events import AppendResult, Event, EventPage
from .sse import aiter_sse


class AsyncLogbookClient:
    """`LogbookClient` for asyncio code. Use it from one event loop (httpx's rule)."""

    def __init__(self, base_url: str | None = None, token: str | None = None, *,
                 timeout: float = 30.0, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.base_url = rq.default_base_url(base_url)
        self.token = rq.default_token(token)
        self._http = httpx.AsyncClient(base_url=self.base_url, headers=rq.headers(self.token),
                                       timeout=timeout, transport=transport)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncLogbookClient:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    async def _send(self, request: rq.Request) -> Any:
        try:
            response = await self._http.request(request.method, request.path,
                                                 params=request.clean_params(),
                                                 json=request.json, headers=request.headers)
        except httpx.TransportError as error:
            raise LogbookConnectionError(f"{request.method} {request.path}: {error!r}") from error
        return rq.parse(response)

    async def append(self, event: Event, *, expected_version: int | None = None) -> AppendResult:
        return await self.append_batch([event], expected_version=expected_version)

    async def append_batch(self, events: list[Event], *, expected_version: int | None = None,
                           session_id: Any | None = None) -> AppendResult:
        body = await self._send(rq.append(events, expected_version, session_id))
        return AppendResult.from_json(body)

    async def read(self, *, from_position: int = 0, limit: int = 100, session: Any = None,
                   trace: Any = None, type: str | None = None) -> EventPage:
        body = await self._send(rq.read(from_position, limit, session, trace, type))
        return EventPage(events=list(body.get("events", [])), next=int(body.get("next", 0)))

    async def iter_events(self, *, from_position: int = 0, page_size: int = 500,
                          session: Any = None, trace: Any = None,
                          type: str | None = None) -> AsyncIterator[Event]:
        position = from_position
        while True:
            page = await self.read(from_position=position, limit=page_size, session=session,
                                   trace=trace, type=type)
            for event in page.events:
                yield event
            if not page.events or page.next <= position:
                return
            position = page.next

    async def follow(self, *, from_position: int | None = None, type: str | None = None,
                     session: Any = None, last_event_id: int | None = None,
                     reconnect: bool = True, max_backoff: float = 10.0) -> AsyncIterator[Event]:
        """See `LogbookClient.follow`."""
        last = last_event_id
        backoff = 0.1
        while True:
            params = {"type": type, "session": None if session is None else str(session),
                      "from": from_position if last is None else None}
            headers = {"Accept": "text/event-stream"}
            if last is not None:
                headers["Last-Event-ID"] = str(last)
            try:
                async with self._http.stream(
                        "GET", "/v1/events/stream", headers=headers,
                        params={k: v for k, v in params.items() if v is not None},
                        timeout=httpx.Timeout(10.0, read=60.0)) as response:
                    if response.status_code >= 400:
                        await response.aread()
                        rq.parse(response)
                    backoff = 0.1
                    async for message in aiter_sse(response.aiter_lines()):
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
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, max_backoff)

    async def replay_session(self, session_id: Any, *, format: str = "json",
                             as_of_position: int | None = None, as_of: Any = None,
                             last: int | None = None) -> Any:
        return await self._send(rq.replay("sessions", session_id, format, as_of_position,
                                          as_of, last))

    async def replay_trace(self, trace_id: Any, *, format: str = "json",
                           as_of_position: int | None = None, as_of: Any = None) -> Any:
        return await self._send(rq.replay("traces", trace_id, format, as_of_position, as_of, None))

    async def query_runs(self, *, agent: str | None = None, limit: int = 20,
                         offset: int = 0) -> list[dict[str, Any]]:
        return rq.rows(await self._send(rq.query("runs", agent=agent, limit=limit, offset=offset)))

    async def query_run(self, run_id: Any) -> dict[str, Any] | None:
        try:
            return (await self._send(rq.query("run", run_id))).get("row")
        except NotFoundError:
            return None

    async def query_events(self, *, run: Any = None,
                           type: str | None = None) -> list[dict[str, Any]]:
        return rq.rows(await self._send(rq.query("events", run=run and str(run), type=type)))

    async def query_llm(self, *, by: str | None = None, run: Any = None,
                        limit: int | None = None) -> list[dict[str, Any]]:
        return rq.rows(await self._send(rq.query("llm", by=by, run=run and str(run), limit=limit)))

    async def query_stats(self, *, agent: str | None = None) -> dict[str, Any]:
        return (await self._send(rq.query("stats", agent=agent))).get("row") or {}

    async def query_sessions(self, *, user: str | None = None, limit: int | None = None,
                             offset: int | None = None) -> list[dict[str, Any]]:
        return rq.rows(await self._send(rq.query("sessions", user=user, limit=limit,
                                                 offset=offset)))

    async def query_documents(self, *, session: Any) -> list[dict[str, Any]]:
        return rq.rows(await self._send(rq.query("documents", session=str(session))))

    async def query_steps(self, *, trace: Any) -> list[dict[str, Any]]:
        return rq.rows(await self._send(rq.query("steps", trace=str(trace))))

    async def query_logs(self, *, run: Any, level: str | None = None,
                         limit: int | None = None) -> list[dict[str, Any]]:
        """A run's log lines (``run.log``) in time order; ``level`` keeps it and the more severe."""
        return rq.rows(await self._send(rq.query("logs", run=str(run), level=level, limit=limit)))

    async def health(self) -> bool:
        try:
            body = await self._send(rq.Request("GET", "/healthz"))
        except LogbookError:
            return False
        return isinstance(body, dict) and body.get("status") == "ok"
