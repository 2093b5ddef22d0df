"""The requests of the HTTP API, built once for the sync and the async client."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from .errors import LogbookError, error_from_response

DEFAULT_URL = "http://127.0.0.1:7700"


def default_base_url(base_url: str | None) -> str:
    return (base_url or os.environ.get("LOGBOOK_URL") or DEFAULT_URL).rstrip("/")


def default_token(token: str | None) -> str | None:
    return token if token is not None else os.environ.get("LOGBOOK_TOKEN")


def headers(token: str | None) -> dict[str, str]:
    out = {"Accept": "application/json", "User-Agent": "logbook-client-python/0.1"}
    if token:
        out["Authorization"] = f"Bearer {token}"
    return out


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def clean_params(self) -> dict[str, Any]:
        return {k: v for k, v in self.params.items() if v is not None}


def seg(value: Any) -> str:
    return quote(str(value), safe="")


def append(events: list[dict[str, Any]], expected_version: int | None,
           session_id: Any | None) -> Request:
    params: dict[str, Any] = {}
    if expected_version is not None:
        if session_id is None:
            sessions = {e.get("session_id") for e in events}
            if len(sessions) != 1 or None in sessions:
                raise ValueError("expected_version needs one session: pass session_id")
            session_id = sessions.pop()
        params = {"expected_version": int(expected_version), "session": str(session_id)}
    return Request("POST", "/v1/events", params, json=events)


def read(from_position: int, limit: int, session: Any, trace: Any, type: str | None) -> Request:
    return Request("GET", "/v1/events", {
        "from": from_position, "limit": limit,
        "session": None if session is None else str(session),
        "trace": None if trace is None else str(trace), "type": type,
    })


def replay(kind: str, id: Any, format: str, as_of_position: int | None, as_of: Any,
           last: int | None) -> Request:
    params = {"format": format, "as_of_position": as_of_position, "as_of": as_of}
    if kind == "sessions":
        params["last"] = last
    return Request("GET", f"/v1/{kind}/{seg(id)}/replay", params)


def query(name: str, *path: Any, **params: Any) -> Request:
    suffix = "".join("/" + seg(p) for p in path)
    return Request("GET", f"/v1/query/{name}{suffix}", params)


def parse(response: httpx.Response) -> Any:
    """The response's JSON (or text), or the typed error for a non-2xx status."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code >= 400:
        raise error_from_response(response.status_code, body, response.text)
    if body is None and response.headers.get("content-type", "").startswith("application/json"):
        raise LogbookError(f"unreadable JSON from {response.request.url}",
                           status=response.status_code)
    return body if body is not None else response.text


def rows(body: Any) -> list[dict[str, Any]]:
    return list(body.get("rows", [])) if isinstance(body, dict) else []
