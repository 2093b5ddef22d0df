"""`logbook serve --postgres`: the server projects into PostgreSQL and answers /v1/query/* from
there, with the rows `logbook query` prints from the store's SQLite; /readyz weighs PostgreSQL
and answers 503 while it cannot be reached."""

import json
import os
import subprocess
import time
import uuid

import httpx
import pytest

pytestmark = pytest.mark.live


def postgres_url():
    url = os.environ.get("LOGBOOK_TEST_POSTGRES_URL", "")
    if not url:
        pytest.fail("LOGBOOK_TEST_POSTGRES_URL is not set: start a server with `scripts/postgres-env.sh start` "
                    "and export the URL it prints")
    return url


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def logbook_json(server, *arguments):
    out = subprocess.run([str(server.binary), *arguments, "--store", str(server.store), "--json"],
                         capture_output=True, text=True, timeout=60, env={**os.environ, "LOGBOOK_POSTGRES_URL": ""})
    return out.returncode, json.loads(out.stdout) if out.stdout.strip() else None


def wait_until(condition, what):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen in 60 s")


def test_queries_come_from_postgres_with_the_sqlite_rows(server_factory):
    schema = "test_serve_" + uuid.uuid4().hex[:12]
    server = server_factory("--postgres", f"{postgres_url()}?schema={schema}", "--node-id", "serve-test")
    headers = auth(server.token)
    workload = subprocess.run([str(server.binary), "generate", "--sessions", "6", "--seed", "5"],
                              check=True, capture_output=True, timeout=60).stdout
    stored = httpx.post(server.url + "/v1/events", headers={**headers, "Content-Type": "application/x-ndjson"},
                        content=workload, timeout=60)
    assert stored.status_code == 200, stored.text
    head = len(workload.splitlines())

    def caught_up():
        ready = httpx.get(server.url + "/readyz", headers=headers)
        health = ready.json()["read_models"]
        sqlite = logbook_json(server, "query", "health")[1]
        return (ready.status_code == 200 and health["backend"] == "postgresql" and health["reachable"]
                and health["head"] == head and health["lag"] == 0 and sqlite["lag"] == 0)

    wait_until(caught_up, "PostgreSQL and SQLite catching up")
    ready = httpx.get(server.url + "/readyz", headers=headers).json()
    assert ready["ready"] and ready["projection_lag"] == 0 and "error" not in ready["read_models"]
    assert {p["name"] for p in ready["read_models"]["projectors"]} >= {"runs", "sessions", "llm"}

    runs = logbook_json(server, "query", "runs", "--limit", "1000")[1]
    run = runs[0]["run_id"]
    session = logbook_json(server, "query", "sessions", "--limit", "1")[1][0]["session_id"]
    for path, params, cli in [
        ("runs", {"limit": 1000}, ["runs", "--limit", "1000"]),
        ("runs", {"limit": 3, "after": runs[2]["run_id"]}, ["runs", "--limit", "3", "--after", runs[2]["run_id"]]),
        ("llm", {"by": "day"}, ["llm", "--by", "day"]),
        ("sessions", {"limit": 1000, "status": "completed"}, ["sessions", "--limit", "1000", "--status", "completed"]),
        ("documents", {"session": session}, ["documents", "--session", session]),
        ("steps", {"trace": run}, ["steps", "--trace", run]),
    ]:
        answer = httpx.get(f"{server.url}/v1/query/{path}", params=params, headers=headers)
        assert answer.status_code == 200, answer.text
        status, want = logbook_json(server, "query", *cli)
        assert status == 0
        assert answer.json()["rows"] == want, path
    assert len(runs) > 6
    stats = httpx.get(server.url + "/v1/query/stats", headers=headers).json()["row"]
    assert stats == logbook_json(server, "query", "stats")[1]
    one = httpx.get(f"{server.url}/v1/query/run/{run}", headers=headers).json()["row"]
    assert one == logbook_json(server, "query", "run", run)[1]


def test_an_unreachable_postgres_makes_the_server_not_ready(server_factory):
    server = server_factory("--postgres", "postgres://logbook@127.0.0.1:1/postgres", "--node-id", "serve-test")
    headers = auth(server.token)
    ready = httpx.get(server.url + "/readyz", headers=headers)
    assert ready.status_code == 503
    body = ready.json()
    assert not body["ready"]
    assert body["read_models"]["backend"] == "postgresql" and not body["read_models"]["reachable"]
    assert "cannot reach PostgreSQL at 127.0.0.1:1/postgres" in body["read_models"]["error"]
    refused = httpx.get(server.url + "/v1/query/runs", headers=headers)
    assert refused.status_code == 503 and refused.json()["error"]["code"] == "postgres_unreachable"


def test_without_postgres_the_server_reads_sqlite(logbook_server):
    body = httpx.get(logbook_server.url + "/readyz", headers=auth(logbook_server.token)).json()
    assert body["read_models"]["backend"] == "sqlite"
