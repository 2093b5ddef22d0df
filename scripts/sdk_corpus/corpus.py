"""Logbook envelopes with deterministic ids and clocks, and what a test should find in them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

# uuid5 namespace of every id in the corpus: regenerating gives the same bytes.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://logbook.dev/sdk-corpus")

# 2026-01-05T09:00:00Z; each file starts a day after the previous one.
BASE_TIMESTAMP_MS = 1_767_603_600_000
DAY_MS = 86_400_000


def corpus_uuid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


@dataclass
class Tokens:
    """Token counts by Logbook's conventions (see DESIGN.md, "Token and cost conventions")."""

    input_tokens: int
    cached_input_tokens: int
    cache_write_tokens: int
    output_tokens: int
    reasoning_tokens: int

    def as_json(self) -> dict[str, int]:
        return {
            "input_tokens": self.input_tokens,
            "cached_input_tokens": self.cached_input_tokens,
            "cache_write_tokens": self.cache_write_tokens,
            "output_tokens": self.output_tokens,
            "reasoning_tokens": self.reasoning_tokens,
        }


@dataclass
class CorpusFile:
    """One provider's JSONL file: its events in order and the expectations for each."""

    name: str
    day: int
    events: list[dict[str, Any]] = field(default_factory=list)
    expected_llm: dict[str, dict[str, Any]] = field(default_factory=dict)
    expected_messages: dict[str, dict[str, Any]] = field(default_factory=dict)

    def session(self, key: str, agent_id: str) -> Session:
        return Session(self, key, agent_id)

    def next_timestamp_ms(self) -> int:
        # 1.25 s between events: ordered, distinct, and the same on every run.
        return BASE_TIMESTAMP_MS + self.day * DAY_MS + len(self.events) * 1_250

    def expected_json(self) -> dict[str, Any]:
        return {
            "file": f"{self.name}.jsonl",
            "events": len(self.events),
            "llm.interaction": self.expected_llm,
            "message.added": self.expected_messages,
        }


@dataclass
class Session:
    """A conversation: one session id, one trace (one run), one agent."""

    file: CorpusFile
    key: str
    agent_id: str

    @property
    def session_id(self) -> str:
        return corpus_uuid(self.file.name, self.key, "session")

    @property
    def trace_id(self) -> str:
        return corpus_uuid(self.file.name, self.key, "trace")

    def _append(self, name: str, event_type: str, payload: dict[str, Any]) -> str:
        event_id = corpus_uuid(self.file.name, self.key, name)
        self.file.events.append(
            {
                "id": event_id,
                "event_type": event_type,
                "session_id": self.session_id,
                "trace_id": self.trace_id,
                "agent_id": self.agent_id,
                "timestamp_ms": self.file.next_timestamp_ms(),
                "payload": payload,
            }
        )
        return event_id

    def message(self, name: str, what: str, payload: dict[str, Any]) -> str:
        """A `message.added` whose payload is the message, item or content as the SDK shaped it."""
        event_id = self._append(name, "message.added", payload)
        expected: dict[str, Any] = {"what": what, "role": payload.get("role")}
        if "type" in payload:
            expected["type"] = payload["type"]
        self.file.expected_messages[event_id] = expected
        return event_id

    def llm(
        self,
        name: str,
        what: str,
        *,
        provider: str,
        model: str,
        prompt: Any,
        response: Any,
        usage: dict[str, Any],
        tokens: Tokens,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """An `llm.interaction` carrying the provider's raw usage; `tokens` is what it normalises to."""
        payload: dict[str, Any] = {"provider": provider, "model": model, "prompt": prompt, "response": response, "usage": usage}
        payload.update(extra or {})
        event_id = self._append(name, "llm.interaction", payload)
        self.file.expected_llm[event_id] = {"what": what, "model": model, **tokens.as_json()}
        return event_id
