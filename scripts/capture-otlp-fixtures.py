"""Captures OTLP/HTTP request bodies from real exporters for Tests/LogbookOTLPTests/Fixtures.

Run by scripts/capture-otlp-fixtures.sh inside a virtual environment with pinned packages.
Everything runs offline: a stdlib HTTP catcher on 127.0.0.1 receives what the OTLP exporters
send, and the Agents SDK talks to a scripted model instead of an API.

For each scenario it writes, into the output folder:
  <name>.traces.pb[.gz] / <name>.logs.pb  the request bodies exactly as the exporter sent them
  <name>.traces.json / <name>.logs.json   the same requests as OTLP/JSON (hex ids, integer enums)
  <name>.expected.json                    what the SDKs reported: spans by kind, model calls,
                                          token totals, tool calls, handoffs, log records
Trace and span ids come from a seeded generator so a recapture gives the same ids.
"""

import asyncio
import base64
import gzip
import json
import logging
import random
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from google.protobuf import json_format
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.id_generator import IdGenerator
from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.trace import SpanKind, Status, StatusCode

OUT = Path(sys.argv[1])


class Catcher(BaseHTTPRequestHandler):
    """Stores each POST body with its path and content headers; answers 200 with an empty body."""

    received: list[dict] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Catcher.received.append({
            "path": self.path,
            "content_type": self.headers.get("Content-Type"),
            "content_encoding": self.headers.get("Content-Encoding"),
            "body": body,
        })
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class SeededIds(IdGenerator):
    """Deterministic trace and span ids, so fixtures keep their ids across recaptures."""

    def __init__(self, seed):
        self._random = random.Random(seed)

    def generate_span_id(self):
        return self._random.getrandbits(64)

    def generate_trace_id(self):
        return self._random.getrandbits(128)


def resource(service):
    # A fixed instance id: the SDK would otherwise add a random one to every capture.
    return Resource.create({"service.name": service, "service.instance.id": f"{service}-1"})


def tracer_provider(endpoint, service, seed, compression=Compression.NoCompression):
    provider = TracerProvider(resource=resource(service), id_generator=SeededIds(seed))
    exporter = OTLPSpanExporter(endpoint=f"{endpoint}/v1/traces", compression=compression)
    # One batch for the whole scenario: flushed once at the end, so one request per fixture.
    provider.add_span_processor(BatchSpanProcessor(exporter, schedule_delay_millis=60_000, max_export_batch_size=512))
    return provider


def take(path):
    """The one request received on `path` since the last call."""
    requests = [r for r in Catcher.received if r["path"] == path]
    assert len(requests) == 1, f"expected one request on {path}, got {len(requests)}"
    Catcher.received = [r for r in Catcher.received if r["path"] != path]
    return requests[0]


def hex_ids(value):
    """OTLP/JSON differs from the protobuf JSON mapping: trace and span ids are hex, not base64."""
    if isinstance(value, dict):
        return {
            key: base64.b64decode(item).hex() if key in ("traceId", "spanId", "parentSpanId") else hex_ids(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [hex_ids(item) for item in value]
    return value


def save(name, signal, request, message_type):
    body = request["body"]
    suffix = ".pb.gz" if request["content_encoding"] == "gzip" else ".pb"
    (OUT / f"{name}.{signal}{suffix}").write_bytes(body)
    if request["content_encoding"] == "gzip":
        body = gzip.decompress(body)
    message = message_type.FromString(body)
    rendered = hex_ids(json_format.MessageToDict(message, use_integers_for_enums=True))
    (OUT / f"{name}.{signal}.json").write_text(json.dumps(rendered, indent=2, ensure_ascii=False) + "\n")
    return message


def spans_by_kind(request):
    """Counts spans by openinference.span.kind or gen_ai.operation.name (else 'other')."""
    kinds = Counter()
    for resource_spans in request.resource_spans:
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                attributes = {a.key: a.value.string_value for a in span.attributes}
                kinds[attributes.get("openinference.span.kind") or attributes.get("gen_ai.operation.name") or "other"] += 1
    return dict(sorted(kinds.items()))


def write_expected(name, summary):
    (OUT / f"{name}.expected.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")


# (a) The Agents SDK, instrumented by OpenInference, with a scripted model.

def agents_openinference(endpoint):
    from agents import Agent, RunConfig, Runner, function_tool, set_trace_processors
    from agents.models.openai_responses import OpenAIResponsesModel
    from openai import AsyncOpenAI
    from openai.types.responses import (
        Response, ResponseFunctionToolCall, ResponseOutputMessage, ResponseOutputText, ResponseUsage,
    )
    from openai.types.responses.response_usage import InputTokensDetails, OutputTokensDetails
    from openinference.instrumentation import using_session, using_user
    from openinference.instrumentation.openai_agents import OpenAIAgentsInstrumentor

    def response(number, item, input_tokens, output_tokens, cached, reasoning):
        return Response(
            id=f"resp_{number}", created_at=1_767_225_600 + number, model="gpt-4.1-mini-2025-04-14",
            object="response", output=[item], parallel_tool_calls=True, tool_choice="auto", tools=[],
            status="completed",
            usage=ResponseUsage(
                input_tokens=input_tokens, output_tokens=output_tokens,
                input_tokens_details=InputTokensDetails(cached_tokens=cached, cache_write_tokens=0),
                output_tokens_details=OutputTokensDetails(reasoning_tokens=reasoning),
                total_tokens=input_tokens + output_tokens,
            ),
        )

    script = [
        response(1, ResponseFunctionToolCall(
            type="function_call", id="fc_1", call_id="call_handoff_1", name="transfer_to_billing",
            arguments="{}", status="completed"), 412, 18, 256, 0),
        response(2, ResponseFunctionToolCall(
            type="function_call", id="fc_2", call_id="call_lookup_1", name="lookup_invoice",
            arguments='{"invoice_id":"INV-7"}', status="completed"), 530, 24, 384, 12),
        response(3, ResponseOutputMessage(
            type="message", id="msg_3", role="assistant", status="completed",
            content=[ResponseOutputText(type="output_text", text="Invoice INV-7 was paid on 2 May.", annotations=[])]),
            611, 15, 512, 0),
    ]

    class ScriptedModel(OpenAIResponsesModel):
        """The SDK's own Responses model (and so its own response spans), with the API call
        replaced by the next scripted Response; the client is never used."""

        def __init__(self):
            super().__init__(model="gpt-4.1-mini", openai_client=AsyncOpenAI(api_key="offline", base_url="http://127.0.0.1:9/v1"))

        async def _fetch_response(self, *args, **kwargs):
            return script.pop(0)

    tool_calls = []

    @function_tool
    def lookup_invoice(invoice_id: str) -> str:
        """Looks an invoice up in the billing system."""
        tool_calls.append(invoice_id)
        return json.dumps({"invoice_id": invoice_id, "status": "paid", "paid_on": "2026-05-02"})

    model = ScriptedModel()
    billing = Agent(name="billing", instructions="Answer billing questions.", model=model, tools=[lookup_invoice])
    triage = Agent(name="triage", instructions="Route the user to the right agent.", model=model, handoffs=[billing])

    provider = tracer_provider(endpoint, "support-desk", seed=1)
    set_trace_processors([])  # no export to the hosted tracing backend: OpenTelemetry only
    OpenAIAgentsInstrumentor().instrument(tracer_provider=provider)
    with using_session("support-chat-42"), using_user("user-7"):
        result = asyncio.run(Runner.run(
            triage, "Has invoice INV-7 been paid?",
            run_config=RunConfig(workflow_name="Support desk", group_id="support-chat-42")))
    OpenAIAgentsInstrumentor().uninstrument()
    provider.force_flush()
    provider.shutdown()

    request = save("agents-openinference", "traces", take("/v1/traces"), ExportTraceServiceRequest)
    usage = result.context_wrapper.usage
    write_expected("agents-openinference", {
        "spans_by_kind": spans_by_kind(request),
        "runs": 1,
        "llm_calls": usage.requests,
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "cached_input_tokens": usage.input_tokens_details.cached_tokens,
        "reasoning_tokens": usage.output_tokens_details.reasoning_tokens,
        "tool_calls": len(tool_calls),
        "handoffs": 1,
        "final_output": result.final_output,
    })


# (b) Spans written by hand following the GenAI semantic conventions, sent gzip-compressed.

def genai_semconv(endpoint):
    provider = tracer_provider(endpoint, "weather-bot", seed=2, compression=Compression.Gzip)
    tracer = provider.get_tracer("weather-bot.instrumentation", "1.0.0")
    conversation = "0b5c6f1e-3a7d-4c2e-9f10-6d8e2a4b7c91"
    calls = []

    def chat(model, messages_in, messages_out, finish, input_tokens, output_tokens, cached, reasoning):
        with tracer.start_as_current_span(f"chat {model}", kind=SpanKind.CLIENT) as span:
            span.set_attributes({
                "gen_ai.operation.name": "chat",
                "gen_ai.provider.name": "openai",
                "gen_ai.conversation.id": conversation,
                "gen_ai.request.model": model,
                "gen_ai.request.temperature": 0.2,
                "gen_ai.request.max_tokens": 512,
                "gen_ai.response.model": model + "-2024-07-18",
                "gen_ai.response.id": f"chatcmpl-{len(calls) + 1}",
                "gen_ai.response.finish_reasons": [finish],
                "gen_ai.usage.input_tokens": input_tokens,
                "gen_ai.usage.output_tokens": output_tokens,
                "gen_ai.usage.cache_read.input_tokens": cached,
                "gen_ai.usage.reasoning.output_tokens": reasoning,
                "gen_ai.input.messages": json.dumps(messages_in),
                "gen_ai.output.messages": json.dumps(messages_out),
            })
            calls.append((input_tokens, output_tokens, cached, reasoning))

    question = {"role": "user", "parts": [{"type": "text", "content": "Weather in Paris?"}]}
    tool_call = {"role": "assistant", "parts": [{"type": "tool_call", "id": "call_1", "name": "get_weather", "arguments": {"location": "Paris"}}]}
    tool_result = {"role": "tool", "parts": [{"type": "tool_call_response", "id": "call_1", "result": "rainy, 57°F"}]}
    answer = {"role": "assistant", "parts": [{"type": "text", "content": "It is rainy in Paris, 57°F."}], "finish_reason": "stop"}

    with tracer.start_as_current_span("invoke_agent weather-bot", kind=SpanKind.INTERNAL) as agent:
        agent.set_attributes({
            "gen_ai.operation.name": "invoke_agent",
            "gen_ai.provider.name": "openai",
            "gen_ai.agent.name": "weather-bot",
            "gen_ai.agent.id": "agent_weather_1",
            "gen_ai.conversation.id": conversation,
            "gen_ai.request.model": "gpt-4o-mini",
            "user.id": "user-9",
        })
        chat("gpt-4o-mini", [question], [dict(tool_call, finish_reason="tool_call")], "tool_call", 120, 22, 64, 0)
        with tracer.start_as_current_span("execute_tool get_weather") as tool:
            tool.set_attributes({
                "gen_ai.operation.name": "execute_tool",
                "gen_ai.tool.name": "get_weather",
                "gen_ai.tool.type": "function",
                "gen_ai.tool.call.id": "call_1",
                "gen_ai.tool.call.arguments": '{"location":"Paris"}',
                "gen_ai.tool.call.result": "rainy, 57°F",
            })
        with tracer.start_as_current_span("execute_tool get_forecast") as failing:
            failing.set_attributes({
                "gen_ai.operation.name": "execute_tool",
                "gen_ai.tool.name": "get_forecast",
                "gen_ai.tool.call.id": "call_2",
                "gen_ai.tool.call.arguments": '{"location":"Paris","days":3}',
                "error.type": "TimeoutError",
            })
            failing.add_event("exception", {"exception.type": "TimeoutError", "exception.message": "forecast service timed out"})
            failing.set_status(Status(StatusCode.ERROR, "forecast service timed out"))
        chat("gpt-4o-mini", [question, tool_call, tool_result], [answer], "stop", 188, 15, 128, 4)
        # An older instrumentation's shape: gen_ai.system and indexed gen_ai.prompt/completion.
        with tracer.start_as_current_span("openai.chat", kind=SpanKind.CLIENT) as legacy:
            legacy.set_attributes({
                "gen_ai.system": "openai",
                "gen_ai.operation.name": "chat",
                "gen_ai.request.model": "gpt-4o-mini",
                "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
                "gen_ai.prompt.0.role": "user",
                "gen_ai.prompt.0.content": "Summarise: rainy, 57°F.",
                "gen_ai.completion.0.role": "assistant",
                "gen_ai.completion.0.content": "Rainy and mild.",
                "gen_ai.completion.0.finish_reason": "stop",
                "gen_ai.usage.prompt_tokens": 31,
                "gen_ai.usage.completion_tokens": 5,
            })
            calls.append((31, 5, 0, 0))
        with tracer.start_as_current_span("embeddings text-embedding-3-small", kind=SpanKind.CLIENT) as embed:
            embed.set_attributes({
                "gen_ai.operation.name": "embeddings",
                "gen_ai.provider.name": "openai",
                "gen_ai.request.model": "text-embedding-3-small",
                "gen_ai.usage.input_tokens": 9,
                "gen_ai.embeddings.dimension.count": 1536,
            })
            calls.append((9, 0, 0, 0))
        agent.set_attribute("gen_ai.output.messages", json.dumps([answer]))
    provider.force_flush()
    provider.shutdown()

    request = save("genai-semconv", "traces", take("/v1/traces"), ExportTraceServiceRequest)
    write_expected("genai-semconv", {
        "spans_by_kind": spans_by_kind(request),
        "runs": 1,
        "llm_calls": len(calls),
        "input_tokens": sum(c[0] for c in calls),
        "output_tokens": sum(c[1] for c in calls),
        "cached_input_tokens": sum(c[2] for c in calls),
        "reasoning_tokens": sum(c[3] for c in calls),
        "tool_calls": 2,
        "tool_errors": 1,
        "handoffs": 0,
    })


# (c) Python logging through the OpenTelemetry SDK's LoggingHandler, inside a span.

def python_logging(endpoint):
    from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
    from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
    from opentelemetry.sdk._logs.export import BatchLogRecordProcessor

    provider = tracer_provider(endpoint, "invoice-worker", seed=3)
    tracer = provider.get_tracer("invoice-worker")
    logs = LoggerProvider(resource=resource("invoice-worker"))
    logs.add_log_record_processor(BatchLogRecordProcessor(
        OTLPLogExporter(endpoint=f"{endpoint}/v1/logs", compression=Compression.NoCompression),
        schedule_delay_millis=60_000, max_export_batch_size=512))
    handler = LoggingHandler(level=logging.DEBUG, logger_provider=logs)

    class RelativePath(logging.Filter):
        """The handler records code.file.path; keep this machine's folders out of the fixture."""

        def filter(self, record):
            record.pathname = "scripts/capture-otlp-fixtures.py"
            return True

    handler.addFilter(RelativePath())
    logger = logging.getLogger("invoice-worker")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(handler)

    levels = Counter()

    def log(level, message, *args, **extra):
        logger.log(level, message, *args, extra=extra)
        levels[{logging.DEBUG: "debug", logging.INFO: "info", logging.WARNING: "warn", logging.ERROR: "error"}[level]] += 1

    with tracer.start_as_current_span("process invoice") as span:
        span.set_attribute("session.id", "invoice-run-3")
        log(logging.DEBUG, "loaded %d rules", 12)
        log(logging.INFO, "fetching invoice %s", "INV-7", **{"invoice.id": "INV-7"})
        with tracer.start_as_current_span("charge card"):
            log(logging.WARNING, "payment gateway slow, retrying", attempt=2)
            log(logging.ERROR, "payment gateway refused the card", **{"gateway.code": "do_not_honor"})
        log(logging.INFO, "invoice %s marked unpaid", "INV-7")
    logger.removeHandler(handler)
    provider.force_flush()
    provider.shutdown()
    logs.force_flush()
    logs.shutdown()

    traces = save("python-logging", "traces", take("/v1/traces"), ExportTraceServiceRequest)
    save("python-logging", "logs", take("/v1/logs"), ExportLogsServiceRequest)
    write_expected("python-logging", {
        "spans_by_kind": spans_by_kind(traces),
        "runs": 1,
        "llm_calls": 0,
        "input_tokens": 0,
        "output_tokens": 0,
        "cached_input_tokens": 0,
        "reasoning_tokens": 0,
        "tool_calls": 0,
        "handoffs": 0,
        "log_records": sum(levels.values()),
        "log_levels": dict(sorted(levels.items())),
    })


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Catcher)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        agents_openinference(endpoint)
        genai_semconv(endpoint)
        python_logging(endpoint)
    finally:
        server.shutdown()
    assert not Catcher.received, f"unexpected requests: {[r['path'] for r in Catcher.received]}"
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:8d}  {path.name}")


main()
