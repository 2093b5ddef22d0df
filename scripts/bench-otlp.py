#!/usr/bin/env python3
"""OTLP/HTTP ingest throughput of `logbook serve`, beside JSONL ingest on the same server.

    "$(scripts/python-env.sh | tail -1)" scripts/bench-otlp.py --bin .build/release/logbook

Each run starts a server on a fresh store (durability `always`, projections running as they
do in production), then sends, over keep-alive connections from a load generator in this
process:
  - OTLP: ExportTraceServiceRequest protobuf bodies of 512 spans to POST /v1/traces;
  - JSONL: bodies of 512 events (application/x-ndjson) to POST /v1/events.
The bodies are built before the clock starts (seeded, so every run sends the same bytes, and
every batch new spans and events: nothing is a duplicate). The spans are what a GenAI agent
exports: per trace an invoke_agent root, an embeddings call, three chat calls with input and
output messages and usage, two execute_tool spans and an HTTP client span; the JSONL events are the Logbook events
of such a run written directly. Between phases the server's projections catch up (untimed), and
the phases alternate in order from run to run. Reported: medians [min-max] over the runs of
spans/s and events/s (events stored, from the log's head), request MB/s, and the server's CPU
seconds per 1,000 spans or events (/proc utime + stime). Needs opentelemetry-proto (the
environment of scripts/python-env.sh has it); sends only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import queue
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status

BATCH = 512
SPANS_PER_TRACE = 8
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

QUESTIONS = [
    "What is the weather in Paris this week, and should I pack an umbrella?",
    "Has invoice INV-{n} been paid, and when is the next one due?",
    "Summarise the incident report for checkout-api from last night.",
    "Find the three most relevant runbooks for a database failover.",
]


def attribute(key, value):
    if isinstance(value, bool):
        return KeyValue(key=key, value=AnyValue(bool_value=value))
    if isinstance(value, int):
        return KeyValue(key=key, value=AnyValue(int_value=value))
    if isinstance(value, float):
        return KeyValue(key=key, value=AnyValue(double_value=value))
    return KeyValue(key=key, value=AnyValue(string_value=value))


class Workload:
    """Seeded traces of a GenAI agent, as OTLP spans and as Logbook JSONL events."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.clock_ns = 1_767_225_600_000_000_000

    def ids(self):
        return self.random.getrandbits(128).to_bytes(16, "big"), lambda: self.random.getrandbits(64).to_bytes(8, "big")

    def trace(self, n: int):
        """One agent run: (spans, events)."""
        trace_id, span_id = self.ids()
        trace_uuid = str(uuid.UUID(bytes=trace_id))
        conversation = str(uuid.UUID(int=self.random.getrandbits(128), version=4))
        question = self.random.choice(QUESTIONS).format(n=n)
        start = self.clock_ns
        self.clock_ns += 5_000_000_000
        root = span_id()
        spans, events = [], []
        at = start

        def span(name, kind, parent, begin, end, attributes, error=None):
            s = Span(trace_id=trace_id, span_id=span_id(), parent_span_id=parent or b"", name=name, kind=kind,
                     start_time_unix_nano=begin, end_time_unix_nano=end,
                     attributes=[attribute(k, v) for k, v in attributes.items()])
            if error:
                s.status.CopyFrom(Status(code=Status.STATUS_CODE_ERROR, message=error))
            spans.append(s)
            return s

        def event(type, at_ns, payload):
            events.append({"id": str(uuid.UUID(int=self.random.getrandbits(128), version=4)), "event_type": type,
                           "session_id": conversation, "trace_id": trace_uuid, "agent_id": "agent_support",
                           "timestamp_ms": at_ns // 1_000_000, "payload": payload})

        event("run.started", at, {"agent_name": "support-agent", "objective": question})
        begin, at = at + 1_000_000, at + self.random.randint(50, 200) * 1_000_000
        tokens = len(question) // 4
        span("embeddings text-embedding-3-small", Span.SPAN_KIND_CLIENT, root, begin, at, {
            "gen_ai.operation.name": "embeddings", "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "text-embedding-3-small", "gen_ai.usage.input_tokens": tokens,
            "gen_ai.embeddings.dimension.count": 1536,
        })
        event("llm.interaction", begin, {"provider": "openai", "model": "text-embedding-3-small", "prompt": question,
                                         "input_tokens": tokens, "output_tokens": 0, "latency_ms": (at - begin) // 1_000_000})
        messages = [{"role": "user", "parts": [{"type": "text", "content": question}]}]
        for turn in range(3):
            begin, at = at + 1_000_000, at + self.random.randint(300, 1500) * 1_000_000
            input_tokens, output_tokens = self.random.randint(200, 3000), self.random.randint(10, 400)
            cached = self.random.randint(0, input_tokens // 2)
            if turn < 2:
                call_id = f"call_{self.random.getrandbits(48):012x}"
                tool = self.random.choice(["get_weather", "lookup_invoice", "search_runbooks"])
                arguments = {"query": question[:40], "limit": 3}
                out = {"role": "assistant", "parts": [{"type": "tool_call", "id": call_id, "name": tool, "arguments": arguments}],
                       "finish_reason": "tool_call"}
            else:
                out = {"role": "assistant", "parts": [{"type": "text", "content": "Here is what I found: " + question[::-1]}],
                       "finish_reason": "stop"}
            span(f"chat gpt-4.1-mini", Span.SPAN_KIND_CLIENT, root, begin, at, {
                "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai",
                "gen_ai.conversation.id": conversation, "gen_ai.request.model": "gpt-4.1-mini",
                "gen_ai.response.model": "gpt-4.1-mini-2025-04-14", "gen_ai.request.temperature": 0.2,
                "gen_ai.usage.input_tokens": input_tokens, "gen_ai.usage.output_tokens": output_tokens,
                "gen_ai.usage.cache_read.input_tokens": cached,
                "gen_ai.input.messages": json.dumps(messages), "gen_ai.output.messages": json.dumps([out]),
            })
            event("llm.interaction", begin, {"provider": "openai", "model": "gpt-4.1-mini-2025-04-14", "prompt": messages,
                                             "response": [out], "input_tokens": input_tokens, "output_tokens": output_tokens,
                                             "cached_input_tokens": cached, "latency_ms": (at - begin) // 1_000_000})
            messages = messages + [out]
            if turn < 2:
                begin, at = at + 1_000_000, at + self.random.randint(20, 400) * 1_000_000
                failed = self.random.random() < 0.05
                result = json.dumps({"status": "ok", "items": [question[:30]] * 3})
                span(f"execute_tool {tool}", Span.SPAN_KIND_INTERNAL, root, begin, at, {
                    "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": tool, "gen_ai.tool.call.id": call_id,
                    "gen_ai.tool.call.arguments": json.dumps(arguments), **({} if failed else {"gen_ai.tool.call.result": result}),
                }, error="tool timed out" if failed else None)
                event("tool.called", begin, {"call_id": call_id, "tool_name": tool, "arguments": arguments})
                event("tool.result", at, {"call_id": call_id, "output": "" if failed else result, "is_error": failed})
                messages = messages + [{"role": "tool", "parts": [{"type": "tool_call_response", "id": call_id, "result": result}]}]
        span("POST", Span.SPAN_KIND_CLIENT, root, start + 500_000, start + 40_000_000,
             {"http.request.method": "POST", "url.full": "https://api.internal/v1/audit", "http.response.status_code": 200})
        at += 1_000_000
        span("invoke_agent support-agent", Span.SPAN_KIND_INTERNAL, None, start, at, {
            "gen_ai.operation.name": "invoke_agent", "gen_ai.provider.name": "openai",
            "gen_ai.agent.name": "support-agent", "gen_ai.agent.id": "agent_support",
            "gen_ai.conversation.id": conversation, "user.id": f"user-{n % 97}",
        }).span_id = root
        event("run.completed", at, {"final_output": out["parts"][0].get("content", ""), "total_iterations": 3})
        assert len(spans) == SPANS_PER_TRACE
        return spans, events

    def batches(self, count: int, compress: bool):
        """`count` OTLP bodies of BATCH spans and `count` JSONL bodies of BATCH events."""
        otlp, jsonl, n = [], [], 0
        pending_events: list[dict] = []
        for _ in range(count):
            request = ExportTraceServiceRequest()
            resource = request.resource_spans.add()
            resource.resource.attributes.extend([attribute("service.name", "support-desk"),
                                                 attribute("telemetry.sdk.language", "python")])
            scope = resource.scope_spans.add()
            scope.scope.name = "support-desk.agents"
            while len(scope.spans) < BATCH:
                spans, events = self.trace(n)
                n += 1
                scope.spans.extend(spans)
                pending_events += events
            body = request.SerializeToString()
            otlp.append(gzip.compress(body) if compress else body)
        while len(jsonl) < count:
            while len(pending_events) < BATCH:
                pending_events += self.trace(n)[1]
                n += 1
            chunk, pending_events = pending_events[:BATCH], pending_events[BATCH:]
            jsonl.append("".join(json.dumps(e, separators=(",", ":")) + "\n" for e in chunk).encode())
        return otlp, jsonl


class Server:
    """`logbook serve` on a fresh store and a free port."""

    def __init__(self, binary: str, root: str) -> None:
        self.store = os.path.join(root, "store")
        os.makedirs(self.store)
        out = subprocess.run([binary, "token", "create", "--scope", "write", "--store", self.store],
                             check=True, capture_output=True, text=True)
        self.token = out.stdout.strip().splitlines()[-1].strip()
        self.process = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0", "--store", self.store],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in self.process.stdout:
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
                break
        else:
            raise RuntimeError(f"logbook serve exited with {self.process.wait()} before listening")
        threading.Thread(target=lambda: [None for _ in self.process.stdout], daemon=True).start()

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        connection.request(method, path, body, {"Authorization": f"Bearer {self.token}", **(headers or {})})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, data

    def ready(self, timeout=600.0) -> int:
        """Waits until the projections hold every event; returns the log's head."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, data = self.request("GET", "/readyz")
            body = json.loads(data)
            if body.get("projection_lag") == 0:
                return body["head"]
            time.sleep(0.1)
        raise RuntimeError("projections did not catch up")

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)


def send(server: Server, path: str, bodies: list[bytes], headers: dict, connections: int, check) -> float:
    """Sends every body over `connections` keep-alive connections; returns the seconds taken."""
    work: queue.Queue = queue.Queue()
    for body in bodies:
        work.put(body)
    failures: list[str] = []

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        while not failures:
            try:
                body = work.get_nowait()
            except queue.Empty:
                break
            connection.request("POST", path, body, {"Authorization": f"Bearer {server.token}", **headers})
            response = connection.getresponse()
            data = response.read()
            problem = check(response.status, data)
            if problem:
                failures.append(problem)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise RuntimeError(f"{path}: {failures[0]}")
    return elapsed


def otlp_ok(status, data):
    # An export response with no partial success is an empty message: an empty body.
    return None if status == 200 and not data else f"HTTP {status}: {data[:300]!r}"


def jsonl_ok(status, data):
    if status != 200:
        return f"HTTP {status}: {data[:300]!r}"
    body = json.loads(data)
    return None if body["stored"] == BATCH else f"stored {body['stored']} of {BATCH}"


def phase(server, name, bodies, connections):
    if name == "otlp":
        path, headers, check = "/v1/traces", {"Content-Type": "application/x-protobuf"}, otlp_ok
        if bodies and bodies[0][:2] == b"\x1f\x8b":
            headers["Content-Encoding"] = "gzip"
    else:
        path, headers, check = "/v1/events", {"Content-Type": "application/x-ndjson"}, jsonl_ok
    head = server.ready()
    cpu = server.cpu_seconds()
    seconds = send(server, path, bodies, headers, connections, check)
    cpu = server.cpu_seconds() - cpu
    events = server.ready() - head
    items = len(bodies) * BATCH
    return {"items": items, "events": events, "seconds": seconds, "per_s": items / seconds, "events_per_s": events / seconds,
            "mb_per_s": sum(map(len, bodies)) / 2**20 / seconds, "cpu_per_1k": cpu / items * 1000}


def summary(values, digits=0):
    middle = statistics.median(values)
    return f"{middle:,.{digits}f} [{min(values):,.{digits}f}-{max(values):,.{digits}f}]"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=".build/release/logbook", help="the logbook binary")
    parser.add_argument("--batches", type=int, default=40, help="requests of 512 per phase and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=2, help="concurrent keep-alive connections")
    parser.add_argument("--gzip", action="store_true", help="gzip the OTLP bodies (Content-Encoding: gzip)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", default=None, help="where the scratch stores go (default $TMPDIR)")
    parser.add_argument("--json", action="store_true", help="print the runs as JSON too")
    arguments = parser.parse_args()

    print(f"seed {arguments.seed}: {arguments.batches} batches of {BATCH} per phase, {arguments.runs} runs, "
          f"{arguments.connections} connections, OTLP protobuf{' gzip' if arguments.gzip else ''}", file=sys.stderr)
    otlp, jsonl = Workload(arguments.seed).batches(arguments.batches + 1, arguments.gzip)
    warm_otlp, otlp = otlp[:1], otlp[1:]
    warm_jsonl, jsonl = jsonl[:1], jsonl[1:]
    results = {"otlp": [], "jsonl": []}
    for run in range(arguments.runs):
        root = tempfile.mkdtemp(prefix="logbook-bench-otlp-", dir=arguments.dir)
        server = Server(arguments.bin, root)
        try:
            phase(server, "otlp", warm_otlp, 1)
            phase(server, "jsonl", warm_jsonl, 1)
            for name in (["otlp", "jsonl"] if run % 2 == 0 else ["jsonl", "otlp"]):
                result = phase(server, name, otlp if name == "otlp" else jsonl, arguments.connections)
                results[name].append(result)
                print(f"run {run + 1} {name}: {result['per_s']:,.0f}/s ({result['events']} events in "
                      f"{result['seconds']:.2f} s)", file=sys.stderr)
        finally:
            server.stop()
            shutil.rmtree(root, ignore_errors=True)

    otlp_runs, jsonl_runs = results["otlp"], results["jsonl"]
    print(f"{'':24}{'items/s':>26}{'events/s':>26}{'MB/s':>20}{'CPU s / 1k':>20}")
    for label, runs in (("OTLP spans (/v1/traces)", otlp_runs), ("JSONL events (/v1/events)", jsonl_runs)):
        print(f"{label:24}{summary([r['per_s'] for r in runs]):>26}{summary([r['events_per_s'] for r in runs]):>26}"
              f"{summary([r['mb_per_s'] for r in runs], 1):>20}{summary([r['cpu_per_1k'] for r in runs], 3):>20}")
    ratio = statistics.median(r["per_s"] for r in otlp_runs) / statistics.median(r["per_s"] for r in jsonl_runs)
    print(f"OTLP spans/s ÷ JSONL events/s: {ratio:.2f}; events per span: "
          f"{otlp_runs[0]['events'] / otlp_runs[0]['items']:.2f} (medians of {arguments.runs} runs)")
    if arguments.json:
        print(json.dumps(results, indent=2))


main()
