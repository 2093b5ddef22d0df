"""One suite, two backends: the in-memory reference and Logbook over HTTP (live)."""

import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from logbook_client.persistence import (
    AgentLLMUsage,
    AgentRun,
    AgentRunEvent,
    InMemoryPersistence,
    LogbookPersistence,
)

T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["memory", pytest.param("logbook", marks=pytest.mark.live)])
def backend(request):
    if request.param == "memory":
        yield InMemoryPersistence()
    else:
        persistence = LogbookPersistence(request.getfixturevalue("logbook_client"))
        yield persistence


@pytest.fixture
def agent():
    return f"agent-{uuid.uuid4().hex[:8]}"


def a_run(agent, n, **fields):
    return AgentRun(agent_id=agent, run_id=f"{agent}-run-{n}", agent_name="researcher",
                    objective=f"objective {n}", started_at=T0 + timedelta(minutes=n),
                    status="running", **fields)


def test_created_run_reads_back(backend, agent):
    run = a_run(agent, 1, additional_context='{"topic": "AI"}', metadata='{"team": "x"}')
    backend.create_agent_run(run)
    got = backend.get_agent_run(run.run_id)
    assert got is not None
    assert (got.agent_id, got.run_id, got.agent_name, got.objective, got.status) == \
        (agent, run.run_id, "researcher", "objective 1", "running")
    assert got.additional_context == '{"topic": "AI"}'
    assert got.metadata == '{"team": "x"}'
    assert got.started_at == run.started_at
    assert got.finished_at is None


def test_unknown_run_is_none(backend, agent):
    assert backend.get_agent_run(f"{agent}-missing") is None


def test_completed_and_failed_runs(backend, agent):
    ok, bad = a_run(agent, 1), a_run(agent, 2)
    backend.create_agent_run(ok)
    backend.create_agent_run(bad)
    ok.status, ok.total_iterations, ok.final_synthesis_output = "completed", 3, "done"
    ok.finished_at = T0 + timedelta(minutes=5)
    backend.update_agent_run(ok.run_id, ok)
    bad.status, bad.total_iterations, bad.error_message = "error", 1, "tool crashed"
    bad.finished_at = T0 + timedelta(minutes=6)
    backend.update_agent_run(bad.run_id, bad)

    got_ok, got_bad = backend.get_agent_run(ok.run_id), backend.get_agent_run(bad.run_id)
    assert (got_ok.status, got_ok.total_iterations, got_ok.final_synthesis_output) == \
        ("completed", 3, "done")
    assert got_ok.finished_at == ok.finished_at
    assert (got_bad.status, got_bad.error_message) == ("error", "tool crashed")


def test_a_running_update_keeps_the_run_open(backend, agent):
    run = a_run(agent, 1)
    backend.create_agent_run(run)
    run.total_iterations, run.execution_history = 2, '[{"step": 1}, {"step": 2}]'
    backend.update_agent_run(run.run_id, run)
    got = backend.get_agent_run(run.run_id)
    assert (got.status, got.total_iterations, got.execution_history) == \
        ("running", 2, '[{"step": 1}, {"step": 2}]')


def test_runs_by_agent_newest_first_with_paging(backend, agent):
    for n in range(5):
        backend.create_agent_run(a_run(agent, n))
    backend.create_agent_run(a_run(agent + "-other", 9))
    runs = backend.get_agent_runs(agent_id=agent, limit=10)
    assert [r.run_id for r in runs] == [f"{agent}-run-{n}" for n in (4, 3, 2, 1, 0)]
    page = backend.get_agent_runs(agent_id=agent, limit=2, offset=1)
    assert [r.run_id for r in page] == [f"{agent}-run-3", f"{agent}-run-2"]


def test_delete_says_whether_the_run_existed(backend, agent):
    run = a_run(agent, 1)
    backend.create_agent_run(run)
    assert backend.delete_agent_run(run.run_id) is True
    assert backend.get_agent_run(run.run_id) is None
    assert backend.delete_agent_run(run.run_id) is False
    assert backend.get_agent_runs(agent_id=agent) == []


def test_run_events_in_time_order_and_by_type(backend, agent):
    run = a_run(agent, 1)
    backend.create_agent_run(run)
    kinds = ["iteration_started", "action_execution_started", "action_execution_completed"]
    for i, kind in reversed(list(enumerate(kinds))):
        backend.log_agent_run_event(AgentRunEvent(
            agent_id=agent, run_id=run.run_id, agent_name="researcher", event_type=kind,
            timestamp=T0 + timedelta(seconds=i), data=json.dumps({"step": i})))
    events = backend.get_agent_run_events(run.run_id)
    assert [e.event_type for e in events] == kinds
    assert [e.get_data_dict() for e in events] == [{"step": 0}, {"step": 1}, {"step": 2}]
    done = backend.get_agent_run_events(run.run_id, event_type="action_execution_completed")
    assert [(e.event_type, e.timestamp) for e in done] == \
        [("action_execution_completed", T0 + timedelta(seconds=2))]


def test_llm_usage_by_run_and_agent(backend, agent):
    run = a_run(agent, 1)
    backend.create_agent_run(run)
    for i in range(3):
        backend.log_llm_usage(AgentLLMUsage(
            agent_id=agent, run_id=run.run_id, provider="openai", model="gpt-4.1-mini",
            prompt=f"prompt {i}", prompt_length=8, input_tokens=100 + i, output_tokens=10 + i,
            response_content=f"answer {i}", response_length=8, latency_ms=250,
            usage_metrics=json.dumps({"prompt_tokens": 100 + i, "cost_usd": 0.001}),
            created_at=T0 + timedelta(seconds=i)))
    usage = backend.get_llm_usage(run_id=run.run_id)
    assert [u.prompt for u in usage] == ["prompt 0", "prompt 1", "prompt 2"]
    assert [u.get_total_tokens() for u in usage] == [110, 112, 114]
    assert sum(u.get_cost_usd() for u in usage) == pytest.approx(0.003)
    assert [u.model for u in backend.get_llm_usage(agent_id=agent, limit=2)] == ["gpt-4.1-mini"] * 2
    assert backend.get_llm_usage(agent_id=agent + "-nobody") == []


def test_stats_match_the_runs_and_calls(backend, agent):
    for n, (status, iterations) in enumerate([("completed", 2), ("completed", 4), ("error", 3)]):
        run = a_run(agent, n)
        backend.create_agent_run(run)
        run.status, run.total_iterations = status, iterations
        run.finished_at = run.started_at + timedelta(minutes=1)
        run.error_message = "boom" if status == "error" else None
        backend.update_agent_run(run.run_id, run)
        backend.log_llm_usage(AgentLLMUsage(agent_id=agent, run_id=run.run_id, provider="openai",
                                            model="gpt-4.1", prompt="p", input_tokens=50,
                                            output_tokens=5, created_at=run.started_at))
    stats = backend.get_agent_run_stats(agent_id=agent)
    assert stats == {"total_runs": 3, "completed_runs": 2, "error_runs": 1,
                     "avg_iterations": pytest.approx(3.0), "total_llm_calls": 3,
                     "total_input_tokens": 150, "total_output_tokens": 15}


def test_health_check(backend):
    assert backend.health_check() is True
