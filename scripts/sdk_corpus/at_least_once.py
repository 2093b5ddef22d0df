"""A file as a retrying exporter sends it: some events again, byte for byte, later in the same file."""

from __future__ import annotations

from openai.types import CompletionUsage

from . import tokens
from .corpus import CorpusFile

# Indexes into the distinct events, in the order the exporter sent them: 1 is re-sent at once
# (its acknowledgement was lost), 0 and 2 after later events, 4 at the very end.
SEND_ORDER = [0, 1, 1, 2, 0, 3, 4, 2, 5, 4]


def build(file: CorpusFile) -> list[int]:
    """Fills `file` with the distinct events (shapes every Logbook accepts); returns the send order."""
    session = file.session("retrying-exporter", "analyst")
    usage = CompletionUsage(prompt_tokens=24, completion_tokens=8, total_tokens=32)
    session.message("system", "system message", {"role": "system", "content": "You answer in one sentence."})
    session.message("user", "user message", {"role": "user", "content": "What is the capital of Australia?"})
    session.llm(
        "llm-1",
        "chat completion, response a string",
        provider="openai",
        model="gpt-4.1-mini",
        prompt=[{"role": "system", "content": "You answer in one sentence."}, {"role": "user", "content": "What is the capital of Australia?"}],
        response="Canberra is the capital of Australia.",
        usage=usage.to_dict(mode="json"),
        tokens=tokens.openai_chat(usage),
    )
    session.message("assistant", "assistant message", {"role": "assistant", "content": "Canberra is the capital of Australia."})
    session.message("user-2", "user message", {"role": "user", "content": "And of New Zealand?"})
    session.message("assistant-2", "assistant message", {"role": "assistant", "content": "Wellington is the capital of New Zealand."})
    return SEND_ORDER
