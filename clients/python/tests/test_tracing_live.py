"""Traced runs exported to a real server: read models against the SDK's own accounting,
and a server killed in the middle of a run losing nothing."""

import asyncio
import collections
import time

import pytest
from agents import Agent, RunConfig, Runner, function_tool, set_trace_processors
from agents.tracing import set_trace_provider
from agents.tracing.provider import DefaultTraceProvider

from logbook_client import LogbookClient, LogbookExporter, MemorySink, to_uuid
from logbook_client.tracing import LogbookTracingProcessor
from support import scenarios
from logbook_client.scripted import ScriptedModel, ScriptedProvider, Turn, text, tool_call, usage

pytestmark = pytest.mark.live


def wait_projected(client, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.readiness().get("projection_lag") == 0:
            return
        time.sleep(0.05)
    raise AssertionError("projections did not catch up")


@pytest.fixture
def traced(logbook_server):
    mirror = MemorySink()
    exporter = LogbookExporter(LogbookClient(logbook_server.url, logbook_server.token),
                               flush_interval=0.05, max_backoff=0.5)
    set_trace_provider(DefaultTraceProvider())
    set_trace_processors([LogbookTracingProcessor(exporter=exporter),
                          LogbookTracingProcessor(exporter=mirror)])
    yield exporter, mirror
    set_trace_processors([])
    exporter.shutdown()


def test_read_models_match_the_sdks_accounting(traced, logbook_client):
    exporter, mirror = traced
    salt = str(time.time_ns())
    outcomes = [asyncio.run(scenario(salt)) for scenario in scenarios.ALL]
    assert exporter.force_flush(timeout=60)
    wait_projected(logbook_client)
    calls = collections.Counter(e["trace_id"] for e in mirror.events
                                if e["event_type"] == "llm.interaction")
    for outcome in outcomes:
        run_id = str(to_uuid(outcome.trace_id))
        row = logbook_client.query_run(run_id)
        assert row["status"] == ("completed" if outcome.status == "completed" else "error")
        assert row["llm_calls"] == calls[run_id]
        assert row["input_tokens"] == outcome.usage.input_tokens
        assert row["output_tokens"] == outcome.usage.output_tokens
        assert row["cached_input_tokens"] == outcome.usage.input_tokens_details.cached_tokens
        assert row["reasoning_tokens"] == outcome.usage.output_tokens_details.reasoning_tokens
        if outcome.status == "failed":
            assert row["error_message"]
        llm = logbook_client.query_llm(run=run_id)
        assert sum(r["input_tokens"] for r in llm) == outcome.usage.input_tokens
    # Exporting the same spans again stores nothing new.
    again = LogbookClient(logbook_client.base_url, logbook_client.token)
    result = again.append_batch(mirror.events)
    assert result.stored == 0 and result.duplicates == len(mirror.events)


def test_server_killed_mid_run_loses_and_doubles_nothing(traced, logbook_server, logbook_client):
    exporter, mirror = traced

    @function_tool
    def restart_server() -> str:
        """Restarts the store's server (SIGKILL) in the middle of the run."""
        logbook_server.restart(kill=True)
        return "restarted"

    model = ScriptedModel("gpt-4.1-mini", [
        Turn([tool_call("restart_server", {})], usage(100, 5)),
        Turn([tool_call("restart_server", {})], usage(120, 5)),
        Turn([text("done")], usage(140, 3)),
    ])
    agent = Agent(name="Chaos", model="gpt-4.1-mini", tools=[restart_server])
    trace_id = scenarios.trace_id_for("chaos", str(time.time_ns()))
    asyncio.run(Runner.run(agent, "go", run_config=RunConfig(
        model_provider=ScriptedProvider(model), trace_id=trace_id, workflow_name="chaos")))
    assert exporter.force_flush(timeout=60)
    run_id = str(to_uuid(trace_id))
    expected = [e["id"] for e in mirror.events if e["trace_id"] == run_id]
    stored = [e["id"] for e in logbook_client.iter_events(trace=run_id)]
    assert sorted(stored) == sorted(expected)
    assert len(stored) == len(set(stored))
    assert exporter.dropped == 0
