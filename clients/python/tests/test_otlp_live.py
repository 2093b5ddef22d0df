"""OpenTelemetry into a real server: the OpenTelemetry SDK's own OTLP/HTTP exporters (protobuf,
gzip, the bearer token in their headers) send to `logbook serve`, and the read models equal
what the instrumented code reported. The Agents SDK runs through OpenInference's
instrumentation with a scripted offline model; a second test writes GenAI semantic-convention
spans by hand; a third sends Python `logging` through the SDK's LoggingHandler."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import time
import uuid
from collections import Counter
from contextlib import contextmanager

import httpx
import pytest
import requests
from agents import Agent, RunConfig, Runner, function_tool, set_trace_processors
from agents.tracing import set_trace_provider
from agents.tracing.provider import DefaultTraceProvider
from openinference.instrumentation import using_session, using_user
from openinference.instrumentation.openai_agents import OpenAIAgentsInstrumentor
from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
from opentelemetry.sdk._logs.export import (
    BatchLogRecordProcessor, InMemoryLogRecordExporter, LogRecordExportResult, SimpleLogRecordProcessor,
)
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, Status, StatusCode

from logbook_client.scripted import ScriptedModel, ScriptedProvider, Turn, handoff_to, text, tool_call, usage

pytestmark = pytest.mark.live


class Exports:
    """The OTLP exporters of one test, pointed at the live server, and what went over the wire:
    each request's path, Content-Encoding and status (a `requests` response hook)."""

    def __init__(self, server, service: str) -> None:
        self.server = server
        self.sent: list[tuple[str, str | None, int]] = []
        self.session = requests.Session()
        self.session.hooks["response"].append(self._record)
        self.resource = Resource.create({"service.name": service, "service.instance.id": f"{service}-1"})
        self.span_exporter = self.exporter(OTLPSpanExporter, "/v1/traces")
        self.captured = InMemorySpanExporter()
        self.tracer_provider = TracerProvider(resource=self.resource)
        self.tracer_provider.add_span_processor(SimpleSpanProcessor(self.captured))
        self.tracer_provider.add_span_processor(BatchSpanProcessor(self.span_exporter, max_export_batch_size=512))

    def exporter(self, kind, path):
        return kind(endpoint=self.server.url + path, headers={"Authorization": f"Bearer {self.server.token}"},
                    compression=Compression.Gzip, session=self.session, timeout=30)

    def _record(self, response, *args, **kwargs):
        self.sent.append((response.request.path_url, response.request.headers.get("Content-Encoding"),
                          response.status_code))

    def flush(self) -> None:
        assert self.tracer_provider.force_flush(30_000)

    def shutdown(self) -> None:
        self.tracer_provider.shutdown()

    def run_id(self) -> str:
        """The run the captured spans belong to: in Logbook a run's id is its trace id."""
        traces = {span.context.trace_id for span in self.captured.get_finished_spans()}
        assert len(traces) == 1, f"expected one trace, got {len(traces)}"
        return str(uuid.UUID(int=traces.pop()))


@pytest.fixture
def http(logbook_server):
    client = httpx.Client(base_url=logbook_server.url, timeout=30,
                          headers={"Authorization": f"Bearer {logbook_server.token}"})
    yield client
    client.close()


def wait_projected(http, timeout=30.0) -> int:
    """Waits until the read models hold every event; returns the log's head."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = http.get("/readyz").json()
        if ready.get("projection_lag") == 0:
            return ready["head"]
        time.sleep(0.05)
    raise AssertionError("projections did not catch up")


def query(http, what, **parameters):
    response = http.get(f"/v1/query/{what}", params={k: v for k, v in parameters.items() if v is not None})
    assert response.status_code == 200, response.text
    body = response.json()
    return body["row"] if "row" in body else body["rows"]


def events(http, trace, type=None):
    response = http.get("/v1/events", params={"trace": trace, "limit": 1000, **({"type": type} if type else {})})
    assert response.status_code == 200, response.text
    return response.json()["events"]


def salted(name: str) -> str:
    return f"{name} {time.time_ns()}"


@contextmanager
def instrumented(tracer_provider):
    """The Agents SDK traced by OpenInference only (none of the SDK's own processors)."""
    set_trace_provider(DefaultTraceProvider())
    set_trace_processors([])
    instrumentor = OpenAIAgentsInstrumentor()
    instrumentor.instrument(tracer_provider=tracer_provider)
    try:
        yield
    finally:
        instrumentor.uninstrument()
        set_trace_processors([])


def test_agents_sdk_through_openinference_matches_the_sdks_accounting(logbook_server, http):
    workflow = salted("Weather desk")
    calls = Counter()

    @function_tool
    def get_weather(city: str) -> str:
        """The weather in a city."""
        calls["get_weather"] += 1
        return f"sunny and 21C in {city}"

    @function_tool
    def get_forecast(city: str, days: int) -> str:
        """The forecast for the next days."""
        calls["get_forecast"] += 1
        return json.dumps({"city": city, "days": days, "outlook": ["sun", "clouds", "rain"][:days]})

    triage_model = ScriptedModel("gpt-4.1-mini", [
        Turn([tool_call("get_weather", {"city": "Paris"})], usage(412, 18, cached=256)),
        Turn([handoff_to("Forecaster")], usage(468, 12, cached=384)),
    ])
    forecaster_model = ScriptedModel("gpt-4.1", [
        Turn([tool_call("get_forecast", {"city": "Paris", "days": 3}),
              tool_call("get_weather", {"city": "Lyon"})], usage(530, 41, reasoning=16)),
        Turn([text("Sunny in Paris today; rain by Thursday.")], usage(611, 15, cached=512)),
    ])
    forecaster = Agent(name="Forecaster", model="gpt-4.1", tools=[get_forecast, get_weather],
                       instructions="Forecast precisely.")
    triage = Agent(name="Triage", model="gpt-4.1-mini", tools=[get_weather], handoffs=[forecaster],
                   instructions="Route the question.")

    exports = Exports(logbook_server, "weather-desk")
    conversation = salted("weather-chat")
    with instrumented(exports.tracer_provider), using_session(conversation), using_user("user-7"):
        result = asyncio.run(Runner.run(
            triage, "Weather in Paris this week?",
            run_config=RunConfig(model_provider=ScriptedProvider(triage_model, forecaster_model),
                                 workflow_name=workflow)))
    exports.flush()
    reported = result.context_wrapper.usage
    run_id = exports.run_id()
    head = wait_projected(http)

    assert exports.sent and all(s == ("/v1/traces", "gzip", 200) for s in exports.sent), exports.sent
    stats = query(http, "stats", agent=workflow)
    assert stats["runs"] == 1 and stats["completed"] == 1
    assert stats["llm_calls"] == reported.requests == 4
    assert stats["input_tokens"] == reported.input_tokens
    assert stats["output_tokens"] == reported.output_tokens

    [listed] = query(http, "runs", agent=workflow)
    assert listed["run_id"] == run_id and listed["status"] == "completed"
    assert listed["llm_calls"] == reported.requests
    run = query(http, f"run/{run_id}")
    # The models answer as the SDK's Responses model does: OpenInference (2.6.0) reads cached and
    # reasoning tokens from `response` spans, not from Chat Completions `generation` spans.
    assert run["cached_input_tokens"] == reported.input_tokens_details.cached_tokens == 256 + 384 + 512
    assert run["reasoning_tokens"] == reported.output_tokens_details.reasoning_tokens == 16

    steps = query(http, "steps", trace=run_id)
    by_type = Counter(step["step_type"] for step in steps)
    assert by_type["llm_response"] == reported.requests
    assert by_type["tool_call"] == by_type["tool_result"] == sum(calls.values()) == 3
    assert Counter(s["step_name"] for s in steps if s["step_type"] == "tool_call") == calls
    assert sum(s["tokens"] for s in steps if s["step_type"] == "llm_response") == reported.total_tokens
    assert [s["step"] for s in steps] == list(range(1, len(steps) + 1))
    # OpenInference's root span carries no output; the final answer is the last model call's.
    assert result.final_output in [s for s in steps if s["step_type"] == "llm_response"][-1]["payload"]

    [handoff] = events(http, run_id, "handoff.occurred")
    assert handoff["payload"]["to_agent"] == "Forecaster"
    assert {e["session_id"] for e in events(http, run_id)} == {str(uuid.uuid5(NAMESPACE, conversation))}

    # The exporter sending the same spans again stores nothing new.
    spans = exports.captured.get_finished_spans()
    assert exports.span_exporter.export(spans) == SpanExportResult.SUCCESS
    assert exports.sent[-1] == ("/v1/traces", "gzip", 200)
    assert wait_projected(http) == head
    assert query(http, "stats", agent=workflow) == stats
    exports.shutdown()


# uuid5(NAMESPACE_URL, "https://logbook.dev/ids"): session keys that are not UUIDs hash under it.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://logbook.dev/ids")


def test_genai_semantic_convention_spans(logbook_server, http):
    agent_name = salted("weather-bot")
    conversation = str(uuid.uuid4())
    exports = Exports(logbook_server, "weather-bot")
    tracer = exports.tracer_provider.get_tracer("weather-bot.instrumentation", "1.0.0")
    sent = []

    def chat(model, input_tokens, output_tokens, cached, reasoning, messages_out):
        with tracer.start_as_current_span(f"chat {model}", kind=SpanKind.CLIENT) as span:
            span.set_attributes({
                "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai",
                "gen_ai.conversation.id": conversation, "gen_ai.request.model": model,
                "gen_ai.response.model": model + "-2024-07-18",
                "gen_ai.usage.input_tokens": input_tokens, "gen_ai.usage.output_tokens": output_tokens,
                "gen_ai.usage.cache_read.input_tokens": cached, "gen_ai.usage.reasoning.output_tokens": reasoning,
                "gen_ai.input.messages": json.dumps([{"role": "user", "parts": [{"type": "text", "content": "Weather in Paris?"}]}]),
                "gen_ai.output.messages": json.dumps(messages_out),
            })
        sent.append((input_tokens, output_tokens, cached, reasoning))

    def tool(name, call_id, arguments, result=None, error=None):
        with tracer.start_as_current_span(f"execute_tool {name}") as span:
            span.set_attributes({"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": name,
                                 "gen_ai.tool.call.id": call_id, "gen_ai.tool.call.arguments": json.dumps(arguments)})
            if result is not None:
                span.set_attribute("gen_ai.tool.call.result", result)
            if error is not None:
                span.set_status(Status(StatusCode.ERROR, error))

    answer = {"role": "assistant", "parts": [{"type": "text", "content": "Rainy, 57°F."}], "finish_reason": "stop"}
    with tracer.start_as_current_span(f"invoke_agent {agent_name}") as agent:
        agent.set_attributes({"gen_ai.operation.name": "invoke_agent", "gen_ai.provider.name": "openai",
                              "gen_ai.agent.name": agent_name, "gen_ai.conversation.id": conversation})
        chat("gpt-4o-mini", 120, 22, 64, 0, [{"role": "assistant", "parts": [
            {"type": "tool_call", "id": "call_1", "name": "get_weather", "arguments": {"location": "Paris"}}]}])
        tool("get_weather", "call_1", {"location": "Paris"}, result="rainy, 57°F")
        tool("get_forecast", "call_2", {"location": "Paris", "days": 3}, error="forecast service timed out")
        with tracer.start_as_current_span(f"invoke_agent summariser") as sub:
            sub.set_attributes({"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "summariser"})
            chat("gpt-4o", 188, 15, 128, 4, [answer])
        agent.set_attribute("gen_ai.output.messages", json.dumps([answer]))
    exports.flush()
    run_id = exports.run_id()
    wait_projected(http)

    assert exports.sent and all(s == ("/v1/traces", "gzip", 200) for s in exports.sent), exports.sent
    stats = query(http, "stats", agent=agent_name)
    assert (stats["runs"], stats["completed"], stats["llm_calls"]) == (1, 1, len(sent))
    assert stats["input_tokens"] == sum(s[0] for s in sent)
    assert stats["output_tokens"] == sum(s[1] for s in sent)
    run = query(http, f"run/{run_id}")
    assert run["agent_name"] == agent_name and run["session_id"] == conversation
    assert run["cached_input_tokens"] == sum(s[2] for s in sent)
    assert run["reasoning_tokens"] == sum(s[3] for s in sent)
    assert run["final_synthesis_output"] == "Rainy, 57°F."

    steps = query(http, "steps", trace=run_id)
    tools = {s["step_name"]: s for s in steps if s["step_type"] == "tool_result"}
    assert set(tools) == {"get_weather", "get_forecast"}
    assert not tools["get_weather"]["is_error"] and tools["get_forecast"]["is_error"]
    assert Counter(s["step_type"] for s in steps) == {"llm_response": 2, "tool_call": 2, "tool_result": 2}
    [execution] = [e for e in events(http, run_id, "execution.completed")]
    assert execution["payload"]["execution_id"]
    llm = query(http, "llm", by="model", run=run_id)
    assert {row["key"] for row in llm} == {"openai/gpt-4o-mini-2024-07-18", "openai/gpt-4o-2024-07-18"}
    exports.shutdown()


def test_python_logging_becomes_the_runs_logs(logbook_server, logbook_client, http):
    exports = Exports(logbook_server, "invoice-worker")
    tracer = exports.tracer_provider.get_tracer("invoice-worker")
    log_exporter = exports.exporter(OTLPLogExporter, "/v1/logs")
    captured = InMemoryLogRecordExporter()
    logs = LoggerProvider(resource=exports.resource)
    logs.add_log_record_processor(SimpleLogRecordProcessor(captured))
    logs.add_log_record_processor(BatchLogRecordProcessor(log_exporter))
    handler = LoggingHandler(level=logging.DEBUG, logger_provider=logs)
    logger = logging.getLogger(salted("invoice-worker"))
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        with tracer.start_as_current_span(salted("process invoice")):
            logger.debug("loaded %d rules", 12)
            logger.info("fetching invoice %s", "INV-7", extra={"invoice.id": "INV-7"})
            with tracer.start_as_current_span("charge card"):
                logger.warning("payment gateway slow, retrying", extra={"attempt": 2})
                logger.error("payment gateway refused the card", extra={"gateway.code": "do_not_honor"})
            logger.info("invoice %s marked unpaid", "INV-7")
    finally:
        logger.removeHandler(handler)
    exports.flush()
    assert logs.force_flush(30_000)
    run_id = exports.run_id()
    head = wait_projected(http)

    assert ("/v1/logs", "gzip", 200) in exports.sent
    logged = events(http, run_id, "run.log")
    assert [(e["payload"]["level"], e["payload"]["message"]) for e in logged] == [
        ("debug", "loaded 12 rules"),
        ("info", "fetching invoice INV-7"),
        ("warn", "payment gateway slow, retrying"),
        ("error", "payment gateway refused the card"),
        ("info", "invoice INV-7 marked unpaid"),
    ]
    assert logged[1]["payload"]["attributes"]["invoice.id"] == "INV-7"
    assert logged[3]["payload"]["attributes"]["gateway.code"] == "do_not_honor"
    charge = next(s for s in exports.captured.get_finished_spans() if s.name == "charge card")
    assert {e["payload"]["span_id"] for e in logged[2:4]} == {format(charge.context.span_id, "016x")}

    rows = query(http, "logs", run=run_id)
    assert [(r["level"], r["message"]) for r in rows] == [(e["payload"]["level"], e["payload"]["message"]) for e in logged]
    assert [r["level"] for r in logbook_client.query_logs(run=run_id, level="warn")] == ["warn", "error"]
    assert [r["message"] for r in logbook_client.query_logs(run=run_id, level="error")] == ["payment gateway refused the card"]
    waterfall = http.get(f"/v1/traces/{run_id}/replay", params={"format": "transcript"})
    assert waterfall.status_code == 200
    assert "payment gateway refused the card" in waterfall.text

    # The exporter sending the same records again stores nothing new.
    assert log_exporter.export(captured.get_finished_logs()) == LogRecordExportResult.SUCCESS
    assert exports.sent[-1] == ("/v1/logs", "gzip", 200)
    assert wait_projected(http) == head
    logs.shutdown()
    exports.shutdown()


def test_bad_exports_change_nothing(logbook_server, http):
    exports = Exports(logbook_server, "edge-cases")
    with exports.tracer_provider.get_tracer("edge").start_as_current_span("checked"):
        pass
    exports.flush()
    run_id = exports.run_id()
    head = wait_projected(http)
    assert exports.sent == [("/v1/traces", "gzip", 200)]
    protobuf = {"Content-Type": "application/x-protobuf"}

    truncated = http.post("/v1/traces", content=b"\x0a\xff\xff\xff\x0f\x01", headers=protobuf)
    assert truncated.status_code == 400 and truncated.json()["error"]["code"] == "bad_request"
    not_gzip = http.post("/v1/traces", content=b"\x0a\x00", headers={**protobuf, "Content-Encoding": "gzip"})
    assert not_gzip.status_code == 400
    bad_json = http.post("/v1/logs", content=b'{"resourceLogs": [', headers={"Content-Type": "application/json"})
    assert bad_json.status_code == 400
    wrong_type = http.post("/v1/traces", content=gzip.compress(b"{}"), headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 415
    no_token = httpx.post(logbook_server.url + "/v1/traces", content=b"", headers=protobuf)
    assert no_token.status_code == 401
    wrong_token = httpx.post(logbook_server.url + "/v1/traces", content=b"",
                             headers={**protobuf, "Authorization": "Bearer not-a-token"})
    assert wrong_token.status_code == 401

    # An exporter without the token is refused and not retried (401 is not retryable).
    anonymous = OTLPSpanExporter(endpoint=logbook_server.url + "/v1/traces", timeout=10)
    assert anonymous.export(exports.captured.get_finished_spans()) == SpanExportResult.FAILURE

    assert wait_projected(http) == head
    assert len(events(http, run_id)) == 2  # run.started, run.completed
    exports.shutdown()
