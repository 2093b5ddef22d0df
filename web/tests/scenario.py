"""The sessions the browser tests write and then look for: a support session with every kind of
step (a tool call and its result, a document, a thought, a handoff, a guardrail, an unpriced
model, a failed tool), a failed run, and a run of exactly 1,000 waterfall steps."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

import httpx

UNPRICED_MODEL = "acme-reasoner-2"
BIG_RUN_STEPS = 1000


@dataclass
class Scenario:
    support_session: str
    support_run: str
    failed_session: str
    failed_run: str
    big_session: str
    big_run: str
    # The position of each labelled event of the support session.
    positions: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def write(api: httpx.Client, now_ms: int) -> "Scenario":
        scenario = Scenario(*(str(uuid.uuid4()) for _ in range(6)))
        scenario._write_big(api, now_ms - 900_000)
        scenario._write_failed(api, now_ms - 300_000)
        scenario._write_support(api, now_ms - 120_000)
        return scenario

    def _write_support(self, api: httpx.Client, start: int) -> None:
        session, run = self.support_session, self.support_run
        clock = [start]

        def event(label: str, event_type: str, payload: dict, step: int = 400, trace: str = run) -> tuple[str, dict]:
            clock[0] += step
            return label, {"event_type": event_type, "session_id": session, "trace_id": trace, "user_id": "dana",
                           "agent_id": "support-agent", "timestamp_ms": clock[0], "payload": payload}

        call = {"id": "call_lookup", "type": "function",
                "function": {"name": "lookup_order", "arguments": json.dumps({"order_id": "4417"})}}
        labelled = [
            event("started", "session.started", {"title": "Refund for order 4417"}),
            event("system", "message.added", {"role": "system", "content": "You are a support agent for Acme."}),
            event("user", "message.added", {"role": "user", "content": "I want a refund for order 4417, it arrived broken."}),
            event("run", "run.started", {"agent_name": "support-agent", "objective": "Resolve the refund request for order 4417"}),
            event("plan", "execution.started", {"execution_id": "plan", "input_data": {"order": "4417"}}),
            event("thought", "agent.thought", {"content": "Look the order up before promising anything."}),
            event("llm1", "llm.interaction", {"provider": "openai", "model": "gpt-4o", "prompt": "Plan the refund.",
                                              "response": "Call lookup_order.", "input_tokens": 1200,
                                              "output_tokens": 80, "latency_ms": 900}, step=1000),
            event("plan-done", "execution.completed", {"execution_id": "plan", "output_data": "lookup first"}),
            event("assistant-call", "message.added", {"role": "assistant", "content": None, "tool_calls": [call]}),
            event("tool-called", "tool.called", {"call_id": "call_lookup", "tool_name": "lookup_order",
                                                 "arguments": {"order_id": "4417"}}),
            event("tool-result", "tool.result", {"call_id": "call_lookup",
                                                 "output": {"status": "delivered", "damaged": True}}, step=250),
            event("tool-message", "message.added", {"role": "tool", "tool_call_id": "call_lookup",
                                                    "content": "{\"status\": \"delivered\", \"damaged\": true}"}),
            event("document", "document.retrieved", {"title": "Refund policy", "source_url": "https://acme.example/refunds",
                                                     "content": "Damaged items are refunded in full within 30 days."}),
            event("guardrail", "guardrail.evaluated", {"name": "refund_limit", "kind": "output", "triggered": False}),
            event("handoff", "handoff.occurred", {"from_agent": "support-agent", "to_agent": "refunds-agent"}),
            event("llm2", "llm.interaction", {"provider": "acme", "model": UNPRICED_MODEL, "prompt": "Issue the refund?",
                                              "response": "Yes, in full.", "input_tokens": 400, "output_tokens": 60,
                                              "latency_ms": 1500}, step=1600),
            event("refund-called", "tool.called", {"call_id": "call_refund", "tool_name": "issue_refund",
                                                   "arguments": {"order_id": "4417", "amount": 59.9}}),
            event("refund-failed", "tool.result", {"call_id": "call_refund", "output": "gateway did not answer", "is_error": True,
                                                   "error_message": "payment gateway timeout"}, step=3000),
            event("answer", "message.added", {"role": "assistant",
                                              "content": "Your refund of $59.90 for order 4417 is on its way."}),
            event("done", "run.completed", {"final_output": "refund issued", "total_iterations": 3}),
        ]
        stored = append(api, [body for _, body in labelled])
        self.positions = {label: position for (label, _), position in zip(labelled, stored)}

    def _write_failed(self, api: httpx.Client, start: int) -> None:
        base = {"session_id": self.failed_session, "trace_id": self.failed_run, "user_id": "eli", "agent_id": "search-agent"}
        append(api, [
            {**base, "event_type": "session.started", "timestamp_ms": start, "payload": {"title": "Broken search"}},
            {**base, "event_type": "message.added", "timestamp_ms": start + 10,
             "payload": {"role": "user", "content": "Find invoices from March."}},
            {**base, "event_type": "run.started", "timestamp_ms": start + 20,
             "payload": {"agent_name": "search-agent", "objective": "Find March invoices"}},
            {**base, "event_type": "run.failed", "timestamp_ms": start + 900,
             "payload": {"error_message": "search index unavailable"}},
        ])

    def _write_big(self, api: httpx.Client, start: int) -> None:
        base = {"session_id": self.big_session, "trace_id": self.big_run, "user_id": "ops", "agent_id": "batch-agent"}
        clock = start
        # The session's opening is on a trace of its own, so the run's steps are exactly those below.
        opening = {**base, "trace_id": str(uuid.uuid4())}
        events = [
            {**opening, "event_type": "session.started", "timestamp_ms": clock, "payload": {"title": "Nightly batch of 1,000 steps"}},
            {**opening, "event_type": "message.added", "timestamp_ms": clock + 1,
             "payload": {"role": "user", "content": "Reconcile every ledger."}},
            {**base, "event_type": "run.started", "timestamp_ms": clock + 2,
             "payload": {"agent_name": "batch-agent", "objective": "Reconcile the ledgers"}},
        ]
        clock += 10
        # 10 executions, each of 33 rounds of an LLM call, a tool call with its result and a thought: 10 × 100 steps.
        for execution in range(10):
            execution_id = f"ledger-{execution}"
            events.append({**base, "event_type": "execution.started", "timestamp_ms": clock,
                           "payload": {"execution_id": execution_id}})
            for round_ in range(33):
                clock += 40
                events.append({**base, "event_type": "llm.interaction", "timestamp_ms": clock,
                               "payload": {"provider": "openai", "model": "gpt-4o-mini", "prompt": f"row {round_}",
                                           "response": "ok", "input_tokens": 300, "output_tokens": 20, "latency_ms": 35}})
                call_id = f"call-{execution}-{round_}"
                events.append({**base, "event_type": "tool.called", "timestamp_ms": clock + 1,
                               "payload": {"call_id": call_id, "tool_name": "post_entry", "arguments": {"row": round_}}})
                events.append({**base, "event_type": "tool.result", "timestamp_ms": clock + 20,
                               "payload": {"call_id": call_id, "output": "posted"}})
                events.append({**base, "event_type": "agent.thought", "timestamp_ms": clock + 21,
                               "payload": {"content": f"row {round_} of ledger {execution} done"}})
                clock += 21
            clock += 5
            events.append({**base, "event_type": "execution.completed", "timestamp_ms": clock,
                           "payload": {"execution_id": execution_id}})
        events.append({**base, "event_type": "run.completed", "timestamp_ms": clock + 5, "payload": {"final_output": "done"}})
        append(api, events)


def append(api: httpx.Client, events: list[dict]) -> list[int]:
    """Appends `events` as one batch; their positions."""
    response = api.post("/v1/events", json=events)
    assert response.status_code == 200, f"POST /v1/events answered {response.status_code}: {response.text}"
    return [stored["position"] for stored in response.json()["events"]]
