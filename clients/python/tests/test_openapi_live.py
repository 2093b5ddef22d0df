"""The HTTP API against its OpenAPI document (schemas/http/openapi.yaml): the server serves that
document at /openapi.json, and schemathesis, driving a live server with what the document
allows (and what it does not), finds no server error and no response the document does not
describe."""

import json
import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
import yaml

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[3]
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def test_the_served_document_is_the_yaml(logbook_server):
    served = httpx.get(logbook_server.url + "/openapi.json")  # no token: the document is open
    assert served.status_code == 200 and served.headers["content-type"] == "application/json"
    with open(REPO / "schemas" / "http" / "openapi.yaml", encoding="utf-8") as file:
        document = yaml.safe_load(file)
    assert served.json() == document, "run scripts/generate-openapi.sh and rebuild"


def test_a_route_the_document_does_not_have_is_a_json_not_found(logbook_server):
    headers = {"Authorization": f"Bearer {logbook_server.token}"}
    for method, path in [("GET", "/v1/nope"), ("DELETE", "/v1/nothing")]:
        response = httpx.request(method, logbook_server.url + path, headers=headers)
        assert response.status_code == 404, (method, path)
        assert response.json()["error"]["code"] == "not_found" and "/openapi.json" in response.json()["error"]["message"]


def test_a_path_the_document_has_asked_with_another_method_is_405_with_allow(logbook_server):
    headers = {"Authorization": f"Bearer {logbook_server.token}"}
    cases = [("DELETE", "/v1/events", "GET, POST"), ("PUT", "/healthz", "GET"),
             ("POST", "/v1/sessions/6f1c0000-0000-4000-8000-000000000001/replay", "GET")]
    for method, path, allowed in cases:
        response = httpx.request(method, logbook_server.url + path, headers=headers)
        assert response.status_code == 405, (method, path)
        assert response.headers["allow"] == allowed
        assert response.json()["error"]["code"] == "method_not_allowed"


def test_following_after_the_largest_position_leaves_the_server_up(logbook_server):
    headers = {"Authorization": f"Bearer {logbook_server.token}", "Last-Event-ID": str(2**64 - 1)}
    response = httpx.get(logbook_server.url + "/v1/events/stream", headers=headers, params={"limit": 0})
    assert response.status_code == 200 and response.text == ": connected\n\n"
    assert httpx.get(logbook_server.url + "/healthz").status_code == 200


def store_known_data(server):
    """A session with a run in it (messages, an LLM call, a tool call, a document, a failure), so
    that replays and queries have rows to answer with; returns their ids."""
    session, run = str(uuid.uuid4()), str(uuid.uuid4())

    def event(event_type, payload, **extra):
        return {"id": str(uuid.uuid4()), "event_type": event_type, "session_id": session, "trace_id": run,
                "user_id": "user-1", "agent_id": "agent-1", "payload": payload, **extra}

    batch = [
        event("session.started", {"title": "known"}),
        event("run.started", {"agent_name": "agent-1", "objective": "answer"}),
        event("message.added", {"role": "user", "content": "hello"}),
        event("llm.interaction", {"provider": "openai", "model": "gpt-4o", "prompt": "hello", "response": "hi",
                                  "input_tokens": 10, "output_tokens": 2, "latency_ms": 5}),
        event("tool.called", {"call_id": "c1", "tool_name": "search", "arguments": {"q": "x"}}),
        event("tool.result", {"call_id": "c1", "output": "nothing", "is_error": True, "error_message": "down"}),
        event("document.retrieved", {"title": "Doc", "content": "text", "source_url": "https://example.org"}),
        event("message.added", {"role": "assistant", "content": "hi"}),
        event("run.failed", {"error_message": "gave up", "total_iterations": 1}),
    ]
    headers = {"Authorization": f"Bearer {server.token}"}
    appended = httpx.post(server.url + "/v1/events", headers=headers, json=batch)
    appended.raise_for_status()
    head = appended.json()["events"][-1]["position"] + 1
    deadline = time.monotonic() + 30
    while httpx.get(server.url + "/readyz", headers=headers).json()["projection_lag"] > 0 or \
            httpx.get(server.url + f"/v1/query/run/{run}", headers=headers).status_code != 200:
        assert time.monotonic() < deadline, f"the read models did not reach position {head} in 30 s"
        time.sleep(0.05)
    return {"session": session, "trace": run, "run": run}


def test_schemathesis_finds_no_server_error_and_no_undocumented_response(server_factory):
    server = server_factory()
    known = store_known_data(server)
    seed = int(os.environ.get("LOGBOOK_SCHEMATHESIS_SEED", random.randrange(2**31)))
    examples = os.environ.get("LOGBOOK_SCHEMATHESIS_EXAMPLES", "40")
    print(f"schemathesis seed {seed} (rerun with LOGBOOK_SCHEMATHESIS_SEED={seed}), {examples} examples per operation")
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "support.schemathesis_hooks",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")])),
           "LOGBOOK_KNOWN_IDS": json.dumps(known), "NO_COLOR": "1"}
    started = time.monotonic()
    # One worker: with threads, Hypothesis describing its filters can trip CPython 3.11's parser
    # (SystemError: AST constructor recursion depth mismatch) and end the run with an error.
    result = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", server.url + "/openapi.json",
         "--header", f"Authorization: Bearer {server.token}", "--checks", CHECKS,
         "--phases", "examples,coverage,fuzzing", "--max-examples", examples, "--seed", str(seed),
         "--workers", "1", "--request-timeout", "10", "--no-color", "--suppress-health-check", "all"],
        capture_output=True, text=True, env=env, cwd=server.store.parent, timeout=600)
    print(f"schemathesis ran {time.monotonic() - started:.1f} s")
    print(result.stdout[-30000:], result.stderr[-5000:])
    assert result.returncode == 0, "schemathesis found failures (see the output above)"
    log = server.log.read_text(errors="replace")
    assert " failed: " not in log, "the server logged a 5xx"
