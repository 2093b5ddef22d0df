"""The tracing processor against the real SDK running scripted, offline models."""

import asyncio
import collections
import json

import pytest
from agents import set_trace_processors
from agents.tracing import set_trace_provider
from agents.tracing.provider import DefaultTraceProvider

from logbook_client import MemorySink, to_uuid
from logbook_client.tracing import LogbookTracingProcessor
from support import generate_fixture, scenarios


@pytest.fixture
def sinks():
    """Two processors on the same spans: what one exports, the other must export identically."""
    first, second = MemorySink(), MemorySink()
    set_trace_provider(DefaultTraceProvider())
    set_trace_processors([LogbookTracingProcessor(exporter=first),
                          LogbookTracingProcessor(exporter=second)])
    yield first, second
    set_trace_processors([])


def run(scenario):
    return asyncio.run(scenario())


def by_type(events, trace_id):
    out = collections.defaultdict(list)
    for event in events:
        if event["trace_id"] == str(to_uuid(trace_id)):
            out[event["event_type"]].append(event)
    return out


@pytest.mark.parametrize("scenario", scenarios.ALL, ids=lambda s: s.__name__)
def test_each_run_maps_to_one_run_with_the_sdks_usage(sinks, scenario):
    outcome = run(scenario)
    events = by_type(sinks[0].events, outcome.trace_id)

    assert len(events["run.started"]) == 1
    terminal = "run.completed" if outcome.status == "completed" else "run.failed"
    assert len(events[terminal]) == 1
    assert len(events["run.completed"]) + len(events["run.failed"]) == 1
    if outcome.status == "failed":
        assert events["run.failed"][0]["payload"]["error_message"]

    llm = events["llm.interaction"]
    ok = [e["payload"] for e in llm if e["payload"]["status"] == "success"]
    assert sum(p["input_tokens"] for p in ok) == outcome.usage.input_tokens
    assert sum(p["output_tokens"] for p in ok) == outcome.usage.output_tokens
    assert sum(p["cached_input_tokens"] for p in ok) == \
        outcome.usage.input_tokens_details.cached_tokens
    assert sum(p["reasoning_tokens"] for p in ok) == \
        outcome.usage.output_tokens_details.reasoning_tokens
    assert {p["model"] for p in ok} == set(outcome.models)
    for payload in ok:
        assert payload["usage"]["input_tokens"] == payload["input_tokens"]
        assert payload["latency_ms"] >= 0
    assert len(events["execution.started"]) == \
        len(events["execution.completed"]) + len(events["execution.failed"])


def test_tools_handoff_and_session(sinks):
    outcome = run(scenarios.tools_and_handoff)
    events = by_type(sinks[0].events, outcome.trace_id)
    called, result = events["tool.called"], events["tool.result"]
    assert [e["payload"]["tool_name"] for e in called] == ["get_weather"]
    assert called[0]["payload"]["arguments"] == {"city": "Paris"}
    assert result[0]["payload"]["call_id"] == called[0]["payload"]["call_id"]
    assert result[0]["payload"]["output"] == "sunny and 21C in Paris"
    assert [(e["payload"]["from_agent"], e["payload"]["to_agent"])
            for e in events["handoff.occurred"]] == [("Triage", "Expert")]
    assert [e["payload"]["agent_name"] for e in events["execution.started"]] == ["Triage", "Expert"]
    assert events["run.completed"][0]["payload"]["final_output"] == outcome.final_output
    assert events["run.completed"][0]["payload"]["total_iterations"] == 3
    # The trace's group_id is its session; every event of the run is in it.
    session = str(to_uuid("conversation-weather"))
    assert {e.get("session_id") for es in events.values() for e in es} == {session}
    apis = {e["payload"]["model"]: e["payload"]["api"] for e in events["llm.interaction"]}
    assert apis == {"gpt-4.1-mini": "responses", "gpt-4.1": "chat_completions"}


def test_guardrail_trip_fails_the_run(sinks):
    outcome = run(scenarios.guardrail_tripped)
    events = by_type(sinks[0].events, outcome.trace_id)
    assert [(e["payload"]["name"], e["payload"]["triggered"])
            for e in events["guardrail.evaluated"]] == [("no_secrets", True)]
    assert "Guardrail tripwire triggered" in events["run.failed"][0]["payload"]["error_message"]


def test_max_turns_fails_the_run_and_the_execution(sinks):
    outcome = run(scenarios.max_turns_exceeded)
    events = by_type(sinks[0].events, outcome.trace_id)
    assert "Max turns exceeded" in events["run.failed"][0]["payload"]["error_message"]
    assert len(events["execution.failed"]) == 1
    assert len(events["tool.called"]) == 2


def test_a_retried_model_error_is_a_failed_call_in_a_completed_run(sinks):
    outcome = run(scenarios.model_error_retried)
    events = by_type(sinks[0].events, outcome.trace_id)
    statuses = [e["payload"]["status"] for e in events["llm.interaction"]]
    assert statuses == ["error", "success"]
    assert "connection reset" in events["llm.interaction"][0]["payload"]["error_message"]
    assert outcome.usage.requests == 2  # the SDK counts the failed request too
    assert len(events["run.completed"]) == 1


def test_streamed_run_records_the_same_as_a_plain_one(sinks):
    outcome = run(scenarios.streamed)
    events = by_type(sinks[0].events, outcome.trace_id)
    assert len(events["llm.interaction"]) == outcome.usage.requests == 2
    assert events["run.completed"][0]["payload"]["final_output"] == outcome.final_output


def test_event_ids_are_stable_across_exports_and_unique(sinks):
    for scenario in scenarios.ALL:
        run(scenario)
    first, second = sinks
    assert first.events == second.events
    ids = [e["id"] for e in first.events]
    assert len(ids) == len(set(ids))
    assert {e["event_type"] for e in first.events} >= {
        "run.started", "run.completed", "run.failed", "execution.started",
        "execution.completed", "execution.failed", "llm.interaction", "tool.called",
        "tool.result", "handoff.occurred", "guardrail.evaluated", "span.recorded"}


def test_fixture_is_deterministic_and_matches_its_totals():
    jsonl, expected = generate_fixture.generate()
    again, _ = generate_fixture.generate()
    assert jsonl == again
    events = [json.loads(line) for line in jsonl.splitlines()]
    llm = [e["payload"] for e in events if e["event_type"] == "llm.interaction"]
    totals = expected["totals"]
    assert sum(p.get("input_tokens", 0) for p in llm) == totals["input_tokens"]
    assert sum(p.get("output_tokens", 0) for p in llm) == totals["output_tokens"]
    assert sum(p.get("cached_input_tokens", 0) for p in llm) == totals["cached_input_tokens"]
    assert sum(p.get("reasoning_tokens", 0) for p in llm) == totals["reasoning_tokens"]
    ends = [e for e in events if e["event_type"] in ("run.completed", "run.failed")]
    assert len(ends) == totals["runs"] == 6
    assert sum(e["event_type"] == "run.failed" for e in ends) == totals["failed"] == 3
