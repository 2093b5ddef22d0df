"""Typed errors carrying the server's own message and the details it names."""

from __future__ import annotations

from typing import Any


class LogbookError(Exception):
    """Any failure talking to Logbook. ``code`` is the server's snake_case error code."""

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None,
                 body: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.body = body or {}

    def __str__(self) -> str:
        prefix = f"{self.status} {self.code}: " if self.status is not None else ""
        return prefix + self.message


class LogbookConnectionError(LogbookError):
    """The server could not be reached, or the connection broke mid-request."""


class AuthError(LogbookError):
    """401 (no or bad token) or 403 (the token's scope does not allow this)."""


class NotFoundError(LogbookError):
    """404: an unknown session, trace or run."""


class BadEventError(LogbookError):
    """400/413: an event or request the server refused. Nothing of the batch was written.

    ``index`` is the 0-based event in a JSON body, ``line`` the 1-based line of a JSONL body,
    ``field`` the offending field (e.g. ``payload.provider``).
    """

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.index: int | None = self.body.get("index")
        self.line: int | None = self.body.get("line")
        self.field: str | None = self.body.get("field")


class ConflictError(LogbookError):
    """409 conflict: the session was not at the expected version; ``actual_version`` is."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.actual_version: int | None = self.body.get("actual_version")


class IdConflictError(LogbookError):
    """409 id_conflict: an event id already stored with different content (``id``, ``position``)."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.id: str | None = self.body.get("id")
        self.position: int | None = self.body.get("position")


class ServerError(LogbookError):
    """5xx: the server failed or is unavailable; the request may be retried."""


_BY_CODE: dict[str, type[LogbookError]] = {
    "conflict": ConflictError,
    "id_conflict": IdConflictError,
    "invalid_event": BadEventError,
    "bad_request": BadEventError,
    "payload_too_large": BadEventError,
    "unauthorized": AuthError,
    "forbidden": AuthError,
    "not_found": NotFoundError,
    "unavailable": ServerError,
}


def error_from_response(status: int, body: Any, text: str) -> LogbookError:
    """The typed error for a non-2xx response (a JSON ``{"error": {...}}`` body, or any text)."""
    detail = body.get("error") if isinstance(body, dict) else None
    if not isinstance(detail, dict):
        detail = {"message": text.strip() or f"HTTP {status}"}
    code = detail.get("code")
    message = str(detail.get("message") or f"HTTP {status}")
    cls = _BY_CODE.get(code or "")
    if cls is None:
        if status >= 500:
            cls = ServerError
        elif status in (401, 403):
            cls = AuthError
        elif status == 404:
            cls = NotFoundError
        elif status == 409:
            cls = ConflictError
        else:
            cls = BadEventError if status in (400, 413, 422) else LogbookError
    return cls(message, status=status, code=code, body=detail)


def is_retryable(error: BaseException) -> bool:
    """Whether sending the same request again may succeed (connection errors and 5xx)."""
    return isinstance(error, (LogbookConnectionError, ServerError))
