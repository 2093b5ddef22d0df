"""Deterministic ids: how ids from other systems become Logbook UUIDs.

The rule is shared with the server and every other client, so the same trace or span,
exported twice or by two different tools, lands on the same ids (and is stored once):

- a 32-hex id (an OpenTelemetry or Agents SDK trace id, with or without a ``trace_``
  prefix) or a UUID string keeps its 16 bytes;
- anything else becomes ``uuid5(NAMESPACE, text)``;
- an event derived from a span gets ``uuid5(NAMESPACE, f"{span_id}:{role}")``.
"""

from __future__ import annotations

import re
import uuid

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://logbook.dev/ids")

_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")
_SDK_PREFIXES = ("trace_",)


def to_uuid(text: str) -> uuid.UUID:
    """The Logbook UUID of an external id (a trace id, a session name, a run id)."""
    candidate = text
    for prefix in _SDK_PREFIXES:
        if candidate.startswith(prefix) and _HEX32.match(candidate[len(prefix):]):
            candidate = candidate[len(prefix):]
    if _HEX32.match(candidate):
        return uuid.UUID(hex=candidate)
    try:
        parsed = uuid.UUID(candidate)
    except ValueError:
        return uuid.uuid5(NAMESPACE, text)
    return parsed if str(parsed) == candidate.lower() else uuid.uuid5(NAMESPACE, text)


def span_event_id(span_id: str, role: str) -> uuid.UUID:
    """The id of the event that records ``role`` (e.g. "started") of a span or trace."""
    return uuid.uuid5(NAMESPACE, f"{span_id}:{role}")
