"""A trace provider with a fixed clock and counter ids, so a scripted run traces the same
spans, times and ids every time (the fixture for the Swift side depends on it)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

from agents.tracing.provider import DefaultTraceProvider

EPOCH = datetime(2026, 1, 1, 9, 0, 0, tzinfo=timezone.utc)


class FixedTraceProvider(DefaultTraceProvider):
    """Each clock reading advances 7 ms; span and group ids count up."""

    def __init__(self) -> None:
        super().__init__()
        self._ticks = itertools.count()
        self._spans = itertools.count(1)
        self._groups = itertools.count(1)

    def time_iso(self) -> str:
        return (EPOCH + timedelta(milliseconds=7 * next(self._ticks))).isoformat()

    def gen_span_id(self) -> str:
        return f"span_{next(self._spans):024x}"

    def gen_group_id(self) -> str:
        return f"group_{next(self._groups):024x}"
