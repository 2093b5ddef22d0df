"""Fire-and-forget event export: a background thread that batches, retries and never
stores an event twice.

Every event gets its id when it is emitted, before the first try, so a retry after a lost
response or a server restart is reported by the server as a duplicate instead of stored
again. Memory is bounded: past ``max_queue`` waiting events new ones are dropped and logged.
"""

from __future__ import annotations

import atexit
import json
import logging
import random
import threading
import time
import weakref
from collections import deque
from pathlib import Path
from typing import IO, Any, Protocol

from .client import LogbookClient
from .errors import BadEventError, IdConflictError, LogbookError, is_retryable
from .events import Event, with_id

logger = logging.getLogger("logbook_client.exporter")


class EventSink(Protocol):
    """Where fire-and-forget events go: the HTTP exporter, a JSONL file, a list in a test."""

    def emit(self, event: Event) -> None: ...

    def force_flush(self, timeout: float | None = None) -> bool: ...

    def shutdown(self, timeout: float | None = None) -> None: ...


class LogbookExporter:
    """Sends emitted events to a Logbook server in batches from a background thread.

    Connection errors and 5xx are retried with exponential backoff (with jitter) until they
    succeed or `shutdown` gives up at its deadline. A batch the server refuses because of
    one event (400 naming its index, 409 id_conflict) is sent again without that event,
    which is logged and counted in ``rejected``.
    """

    def __init__(self, client: LogbookClient | None = None, *, max_batch: int = 500,
                 max_queue: int = 100_000, flush_interval: float = 0.5,
                 initial_backoff: float = 0.1, max_backoff: float = 5.0,
                 shutdown_timeout: float = 30.0) -> None:
        self.client = client or LogbookClient()
        self.max_batch = max_batch
        self.max_queue = max_queue
        self.flush_interval = flush_interval
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff
        self.shutdown_timeout = shutdown_timeout
        self.sent = 0
        self.duplicates = 0
        self.dropped = 0
        self.rejected = 0
        self.retries = 0
        self._queue: deque[Event] = deque()
        self._in_flight = 0
        self._cond = threading.Condition()
        self._closing = False
        self._deadline: float | None = None
        self._thread = threading.Thread(target=self._run, name="logbook-exporter", daemon=True)
        self._thread.start()
        _register_atexit(self)

    def emit(self, event: Event) -> None:
        event = with_id(event)
        with self._cond:
            if self._closing:
                self._drop(event, "the exporter is shut down")
                return
            if len(self._queue) >= self.max_queue:
                self._drop(event, f"the queue holds {self.max_queue} events")
                return
            self._queue.append(event)
            if len(self._queue) >= self.max_batch:
                self._cond.notify_all()

    def _drop(self, event: Event, why: str) -> None:
        self.dropped += 1
        logger.warning("logbook: dropped event %s (%s) because %s; %d dropped so far",
                       event.get("id"), event.get("event_type"), why, self.dropped)

    def pending(self) -> int:
        with self._cond:
            return len(self._queue) + self._in_flight

    def force_flush(self, timeout: float | None = None) -> bool:
        """Send everything emitted so far; True when it all reached the server in time."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            self._cond.notify_all()
            while self._queue or self._in_flight:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(timeout=0.05 if remaining is None else min(remaining, 0.05))
                self._cond.notify_all()
            return True

    def shutdown(self, timeout: float | None = None) -> None:
        """Flush (retrying up to ``timeout``, default ``shutdown_timeout``) and stop the thread."""
        timeout = self.shutdown_timeout if timeout is None else timeout
        with self._cond:
            if self._closing:
                return
            self._closing = True
            self._deadline = time.monotonic() + timeout
            self._cond.notify_all()
        self._thread.join(timeout + 1.0)
        with self._cond:
            left = len(self._queue) + self._in_flight
        if left:
            self.dropped += left
            logger.error("logbook: %d events not delivered before shutdown", left)

    # The worker

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closing:
                    self._cond.wait(self.flush_interval)
                if not self._queue and self._closing:
                    return
                if not self._closing and len(self._queue) < self.max_batch:
                    self._cond.wait(self.flush_interval / 10)
                batch = [self._queue.popleft()
                         for _ in range(min(self.max_batch, len(self._queue)))]
                self._in_flight = len(batch)
            try:
                self._deliver(batch)
            finally:
                with self._cond:
                    self._in_flight = 0
                    self._cond.notify_all()
            if self._past_deadline():
                with self._cond:
                    left = len(self._queue)
                    self._queue.clear()
                if left:
                    self.dropped += left
                    logger.error("logbook: %d events dropped at the shutdown deadline", left)
                return

    def _past_deadline(self) -> bool:
        return self._deadline is not None and time.monotonic() >= self._deadline

    def _deliver(self, batch: list[Event]) -> None:
        backoff = self.initial_backoff
        while batch:
            try:
                result = self.client.append_batch(batch)
            except IdConflictError as error:
                batch = self._without(batch, lambda e: e.get("id") == error.id, error)
                continue
            except BadEventError as error:
                if error.index is None and error.line is None:
                    if len(batch) > 1:  # e.g. 413: send the halves on their own
                        half = len(batch) // 2
                        self._deliver(batch[:half])
                        batch = batch[half:]
                        continue
                    index = 0
                else:
                    index = error.index if error.index is not None else error.line - 1
                    index = min(max(index, 0), len(batch) - 1)
                batch = self._without(batch, lambda e, bad=batch[index]: e is bad, error)
                continue
            except LogbookError as error:
                if not is_retryable(error) or self._past_deadline():
                    self.dropped += len(batch)
                    logger.error("logbook: dropped %d events: %s", len(batch), error)
                    return
                self.retries += 1
                logger.info("logbook: retrying %d events in %.2fs: %s", len(batch), backoff, error)
                time.sleep(backoff * (0.5 + random.random() / 2))
                backoff = min(backoff * 2, self.max_backoff)
                continue
            self.sent += result.stored
            self.duplicates += result.duplicates
            return

    def _without(self, batch: list[Event], is_bad: Any, error: LogbookError) -> list[Event]:
        kept = [e for e in batch if not is_bad(e)]
        removed = len(batch) - len(kept) or 1
        if len(kept) == len(batch):
            kept = batch[1:]
        self.rejected += removed
        logger.error("logbook: the server refused an event, sending the rest: %s", error)
        return kept


class JsonlSink:
    """Writes emitted events as JSON lines (ids assigned), e.g. for `logbook ingest` later."""

    def __init__(self, target: str | Path | IO[str]) -> None:
        if isinstance(target, (str, Path)):
            self._file: IO[str] = open(target, "a", encoding="utf-8")
            self._owned = True
        else:
            self._file, self._owned = target, False
        self._lock = threading.Lock()

    def emit(self, event: Event) -> None:
        line = json.dumps(with_id(event), sort_keys=True, separators=(",", ":"))
        with self._lock:
            self._file.write(line + "\n")

    def force_flush(self, timeout: float | None = None) -> bool:
        with self._lock:
            self._file.flush()
        return True

    def shutdown(self, timeout: float | None = None) -> None:
        with self._lock:
            self._file.flush()
            if self._owned:
                self._file.close()


class MemorySink:
    """Keeps emitted events in a list: for tests and for inspecting what would be sent."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._lock = threading.Lock()

    def emit(self, event: Event) -> None:
        with self._lock:
            self.events.append(with_id(event))

    def force_flush(self, timeout: float | None = None) -> bool:
        return True

    def shutdown(self, timeout: float | None = None) -> None:
        return None


_live: weakref.WeakSet[LogbookExporter] = weakref.WeakSet()
_atexit_lock = threading.Lock()
_atexit_registered = False


def _register_atexit(exporter: LogbookExporter) -> None:
    global _atexit_registered
    with _atexit_lock:
        _live.add(exporter)
        if not _atexit_registered:
            atexit.register(_shutdown_all)
            _atexit_registered = True


def _shutdown_all() -> None:
    for exporter in list(_live):
        exporter.shutdown()
