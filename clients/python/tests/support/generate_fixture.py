"""Runs every scripted scenario with the tracing processor writing JSONL, and writes the
SDK's own totals beside it: the fixture the Swift projections are checked against.

    python -m support.generate_fixture OUT_DIR     (from clients/python/tests)
"""

from __future__ import annotations

import asyncio
import io
import json
import sys
from pathlib import Path
from typing import Any

import agents
from agents import set_trace_processors
from agents.tracing import set_trace_provider

from logbook_client import JsonlSink, to_uuid
from logbook_client.tracing import LogbookTracingProcessor

from . import scenarios
from .fixed_clock import FixedTraceProvider
from logbook_client.scripted import reset_ids

NAME = "openai-agents-run"


async def _run_all() -> list[scenarios.Outcome]:
    return [await scenario() for scenario in scenarios.ALL]


def generate() -> tuple[str, dict[str, Any]]:
    """The JSONL and the expected totals, the same bytes on every run."""
    buffer = io.StringIO()
    set_trace_provider(FixedTraceProvider())
    processor = LogbookTracingProcessor(exporter=JsonlSink(buffer))
    set_trace_processors([processor])
    reset_ids()
    try:
        outcomes = asyncio.run(_run_all())
    finally:
        processor.force_flush()
        set_trace_processors([])
    jsonl = buffer.getvalue()
    llm_events = [json.loads(line) for line in jsonl.splitlines()
                  if json.loads(line)["event_type"] == "llm.interaction"]
    total = scenarios.add_usage(outcomes)
    expected = {
        "sdk": {"package": "openai-agents", "version": agents.__version__},
        "runs": [{"name": o.name, "run_id": str(to_uuid(o.trace_id)), "sdk_trace_id": o.trace_id,
                  "status": o.status, "error": o.error,
                  "requests": o.usage.requests, "input_tokens": o.usage.input_tokens,
                  "output_tokens": o.usage.output_tokens,
                  "cached_input_tokens": o.usage.input_tokens_details.cached_tokens,
                  "reasoning_tokens": o.usage.output_tokens_details.reasoning_tokens}
                 for o in outcomes],
        "totals": {
            "runs": len(outcomes),
            "completed": sum(o.status == "completed" for o in outcomes),
            "failed": sum(o.status == "failed" for o in outcomes),
            "llm_requests": total.requests,
            "llm_interaction_events": len(llm_events),
            "llm_interaction_errors": sum(e["payload"]["status"] == "error" for e in llm_events),
            "input_tokens": total.input_tokens,
            "output_tokens": total.output_tokens,
            "cached_input_tokens": total.input_tokens_details.cached_tokens,
            "reasoning_tokens": total.output_tokens_details.reasoning_tokens,
        },
        "models": sorted({m for o in outcomes for m in o.models}),
        "notes": [
            "llm_requests is the SDK's Usage.requests; it counts a failed request the SDK "
            "retried (with no tokens) but not one that ended the run.",
            "llm_interaction_events counts every model span, failed ones included "
            "(status 'error', model 'unknown' when the provider returned no response).",
        ],
    }
    return jsonl, expected


def main(out_dir: str) -> None:
    jsonl, expected = generate()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{NAME}.jsonl").write_text(jsonl, encoding="utf-8")
    (out / f"{NAME}.expected.json").write_text(
        json.dumps(expected, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{out / NAME}.jsonl: {len(jsonl.splitlines())} events, "
          f"{expected['totals']['runs']} runs")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
