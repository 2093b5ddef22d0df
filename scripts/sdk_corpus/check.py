"""Checks the rendered corpus before it is written: a broken fixture should fail here, not in a test."""

from __future__ import annotations

import json
import uuid
from typing import Any

ENVELOPE_FIELDS = ["id", "event_type", "session_id", "trace_id", "agent_id", "timestamp_ms", "payload"]
TOKEN_FIELDS = ["input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens"]
RETRIES = "at-least-once.jsonl"


def check_corpus(files: dict[str, bytes]) -> list[str]:
    """Every line parses into a full envelope; ids are unique across the corpus except for
    verbatim re-sends in the at-least-once file; the expectations name real events."""
    problems: list[str] = []
    first_line_of: dict[str, tuple[str, int, bytes]] = {}
    for name in sorted(n for n in files if n.endswith(".jsonl")):
        events: dict[str, dict[str, Any]] = {}
        for number, line in enumerate(files[name].splitlines(), start=1):
            where = f"{name}:{number}"
            event = parse_envelope(line, where, problems)
            if event is None:
                continue
            previous = first_line_of.get(event["id"])
            if previous is None:
                first_line_of[event["id"]] = (name, number, line)
                events[event["id"]] = event
            elif name != RETRIES or previous[0] != name:
                problems.append(f"{where}: id {event['id']} is also on {previous[0]}:{previous[1]}")
            elif previous[2] != line:
                problems.append(f"{where}: re-sent id {event['id']} differs from line {previous[1]}")
        expected_name = name.removesuffix(".jsonl") + ".expected.json"
        check_expected(json.loads(files[expected_name]), events, expected_name, problems)
    return problems


def parse_envelope(line: bytes, where: str, problems: list[str]) -> dict[str, Any] | None:
    try:
        event = json.loads(line)
    except ValueError as error:
        problems.append(f"{where}: not JSON: {error}")
        return None
    if not isinstance(event, dict) or list(event) != ENVELOPE_FIELDS:
        problems.append(f"{where}: the envelope fields are not {ENVELOPE_FIELDS}")
        return None
    for field in ("id", "session_id", "trace_id"):
        if str(uuid.UUID(event[field])) != event[field]:
            problems.append(f"{where}: {field} is not a canonical UUID")
    if not isinstance(event["payload"], dict) or not isinstance(event["timestamp_ms"], int):
        problems.append(f"{where}: payload must be an object and timestamp_ms an integer")
    return event


def check_expected(expected: dict[str, Any], events: dict[str, dict[str, Any]], name: str, problems: list[str]) -> None:
    for event_type in ("llm.interaction", "message.added"):
        named = expected[event_type]
        actual = {event_id for event_id, event in events.items() if event["event_type"] == event_type}
        if set(named) != actual:
            problems.append(f"{name}: {event_type} expectations name {sorted(set(named) ^ actual)} not in the file")
    for event_id, tokens in expected["llm.interaction"].items():
        if any(not isinstance(tokens.get(field), int) or tokens[field] < 0 for field in TOKEN_FIELDS):
            problems.append(f"{name}: {event_id} lacks a token count")
        elif tokens["cached_input_tokens"] > tokens["input_tokens"] or tokens["reasoning_tokens"] > tokens["output_tokens"]:
            problems.append(f"{name}: {event_id}: a part exceeds its whole")
    for event_id, message in expected["message.added"].items():
        payload = events.get(event_id, {}).get("payload", {})
        if message.get("role") != payload.get("role") or message.get("type") != payload.get("type"):
            problems.append(f"{name}: {event_id}: role/type differ from the payload")
