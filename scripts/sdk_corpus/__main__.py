"""Writes the SDK corpus into a directory and checks what it wrote.

    python -m sdk_corpus Tests/Fixtures/sdk-corpus

Run through scripts/generate-sdk-corpus.sh, which installs the pinned SDKs first.
"""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from . import anthropic_corpus, at_least_once, gemini_corpus, openai_corpus
from .check import check_corpus
from .corpus import CorpusFile

PROVIDERS: list[tuple[str, Callable[[CorpusFile], None]]] = [
    ("openai", openai_corpus.build),
    ("anthropic", anthropic_corpus.build),
    ("gemini", gemini_corpus.build),
]
SDK_PACKAGES = ["openai", "anthropic", "google-genai", "pydantic"]


def render() -> dict[str, bytes]:
    """Every file of the corpus, by name, as bytes."""
    sdks = {name: metadata.version(name) for name in SDK_PACKAGES}
    files: dict[str, bytes] = {}
    for day, (name, build) in enumerate(PROVIDERS):
        corpus = CorpusFile(name, day)
        build(corpus)
        files[f"{name}.jsonl"] = jsonl(corpus.events)
        files[f"{name}.expected.json"] = pretty({"sdk_versions": sdks, **corpus.expected_json()})

    corpus = CorpusFile("at-least-once", len(PROVIDERS))
    order = at_least_once.build(corpus)
    files["at-least-once.jsonl"] = jsonl([corpus.events[i] for i in order])
    files["at-least-once.expected.json"] = pretty(
        {
            "file": "at-least-once.jsonl",
            "lines": len(order),
            "distinct_events": len(corpus.events),
            "duplicates": len(order) - len(corpus.events),
            "ids_in_order": [event["id"] for event in corpus.events],
            "llm.interaction": corpus.expected_llm,
            "message.added": corpus.expected_messages,
        }
    )
    return files


def jsonl(events: list[dict[str, Any]]) -> bytes:
    # Compact, UTF-8 (not \u escapes), keys in the order the SDK dumped them.
    return b"".join(json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for event in events)


def pretty(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m sdk_corpus OUTPUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[1])
    files = render()
    if render() != files:
        print("sdk_corpus: two renderings differ; the corpus is not deterministic", file=sys.stderr)
        return 1
    problems = check_corpus(files)
    if problems:
        for problem in problems:
            print(f"sdk_corpus: {problem}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
        lines = data.count(b"\n") if name.endswith(".jsonl") else None
        print(f"wrote {out / name}" + (f" ({lines} events)" if lines is not None else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
