"""`logbook serve` over real HTTP: every route, every error code, SSE resume across a restart,
a server killed mid-append, a graceful stop, and a client that trickles its request."""

import hashlib
import json
import signal
import socket
import subprocess
import threading
import time
import uuid

import httpx
import pytest

pytestmark = pytest.mark.live


def envelope(event_type, payload, session=None, trace=None, **extra):
    event = {"id": str(uuid.uuid4()), "event_type": event_type, "trace_id": str(trace or uuid.uuid4()),
             "payload": payload, **extra}
    if session:
        event["session_id"] = str(session)
    return event


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def wait_projected(server, head):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready = httpx.get(server.url + "/readyz", headers=auth(server.token)).json()
        if ready["head"] >= head and ready["projection_lag"] == 0:
            return
        time.sleep(0.05)
    raise AssertionError("the read models did not catch up in 30 s")


def read_all(server):
    return httpx.get(server.url + "/v1/events", params={"limit": 1_000_000}, headers=auth(server.token)).json()["events"]


def test_only_healthz_is_open_and_scopes_are_enforced(logbook_server):
    url = logbook_server.url
    assert httpx.get(url + "/healthz").json() == {"status": "ok"}
    for method, path in [("GET", "/readyz"), ("GET", "/metrics"), ("GET", "/v1/events"), ("POST", "/v1/events"),
                         ("GET", "/v1/query/stats"), ("POST", "/v1/traces")]:
        response = httpx.request(method, url + path)
        assert response.status_code == 401, path
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"
    assert httpx.get(url + "/v1/events", headers=auth("lbk_" + "0" * 64)).status_code == 401
    token = logbook_server.token
    for header, status in [(f"bearer {token}", 200), (f"BEARER \t {token}", 200), (f"Basic {token}", 401),
                           (f"Bearer{token}", 401), ("Bearer", 401), (f"Bearer {token}x", 401)]:
        for method in ["GET", "POST"]:  # an append may be answered on the event loop, a read by the router
            response = httpx.request(method, url + "/v1/events", headers={"Authorization": header},
                                     json=envelope("custom.auth", {}) if method == "POST" else None)
            assert response.status_code == status, (method, header)
    reader = logbook_server.create_token("read")
    assert httpx.get(url + "/v1/events", headers=auth(reader)).status_code == 200
    refused = httpx.post(url + "/v1/events", headers=auth(reader), json=envelope("custom.thing", {}))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    listed = subprocess.run([str(logbook_server.binary), "token", "list", "--store", str(logbook_server.store)],
                            check=True, capture_output=True, text=True).stdout
    assert reader not in listed  # only ids and hashes are kept
    token_id = [line.split()[0] for line in listed.splitlines() if " read " in line][-1]
    subprocess.run([str(logbook_server.binary), "token", "revoke", token_id, "--store", str(logbook_server.store)], check=True)
    assert httpx.get(url + "/v1/events", headers=auth(reader)).status_code == 401


def test_a_token_revoked_while_a_connection_appends_with_it_is_refused_on_that_connection(logbook_server):
    url = logbook_server.url
    writer = logbook_server.create_token("write")
    with httpx.Client() as client:  # one kept-alive connection: what it was granted must not outlive the token
        for n in range(3):
            response = client.post(url + "/v1/events", headers=auth(writer), json=envelope("custom.kept", {"n": n}))
            assert response.status_code == 200
        token_id = "tok_" + hashlib.sha256(writer.encode()).hexdigest()[:8]
        subprocess.run([str(logbook_server.binary), "token", "revoke", token_id, "--store", str(logbook_server.store)], check=True)
        refused = client.post(url + "/v1/events", headers=auth(writer), json=envelope("custom.kept", {"n": 3}))
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
        assert client.post(url + "/v1/events", headers=auth(logbook_server.token),
                           json=envelope("custom.kept", {"n": 4})).status_code == 200


def test_append_takes_an_array_an_object_or_jsonl_and_reports_duplicates(logbook_server):
    url, headers = logbook_server.url, auth(logbook_server.token)
    session = uuid.uuid4()
    batch = [envelope("message.added", {"role": "user", "content": f"m{i}"}, session) for i in range(3)]
    first = httpx.post(url + "/v1/events", headers=headers, json=batch).json()
    assert first["stored"] == 3 and first["duplicates"] == 0
    assert [e["session_seq"] for e in first["events"]] == [1, 2, 3]
    positions = [e["position"] for e in first["events"]]
    assert positions == sorted(positions) and len(set(positions)) == 3
    again = httpx.post(url + "/v1/events", headers=headers, json=batch[1]).json()
    assert again["duplicates"] == 1 and again["events"][0]["position"] == positions[1] and again["events"][0]["duplicate"]
    lines = "\n".join(json.dumps(e) for e in [envelope("custom.a", {"n": 1}), envelope("custom.b", {"n": 2})]) + "\n"
    jsonl = httpx.post(url + "/v1/events", headers={**headers, "Content-Type": "application/x-ndjson"}, content=lines)
    assert jsonl.status_code == 200 and jsonl.json()["stored"] == 2


def test_a_json_array_arriving_in_chunks_is_cut_into_its_events_as_it_comes(logbook_server):
    url, headers = logbook_server.url, auth(logbook_server.token)
    before = len(read_all(logbook_server))
    events = [envelope("custom.chunked", {"i": i, "text": "a, b] } [{ \\\"q\\\""}) for i in range(2000)]

    def chunks(body: bytes, size=997):  # sent with Transfer-Encoding: chunked, cut anywhere
        for start in range(0, len(body), size):
            yield body[start:start + size]

    body = json.dumps(events).encode()
    stored = httpx.post(url + "/v1/events", headers={**headers, "Content-Type": "application/json"}, content=chunks(body))
    assert stored.status_code == 200 and stored.json()["stored"] == 2000
    assert [e["payload"]["i"] for e in read_all(logbook_server)[before:]] == list(range(2000))
    bad = events[:1500] + [{"event_type": "custom.chunked", "payload": {}}] + events[1500:]
    refused = httpx.post(url + "/v1/events", headers={**headers, "Content-Type": "application/json"},
                         content=chunks(json.dumps([{**e, "id": str(uuid.uuid4())} for e in bad]).encode()))
    assert refused.status_code == 400 and refused.json()["error"]["index"] == 1500
    assert len(read_all(logbook_server)) == before + 2000


def raw_request(method, path, token, body=b"", headers=()):
    head = [f"{method} {path} HTTP/1.1", "Host: test", f"Authorization: Bearer {token}", *headers]
    if body is not None:
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + (body or b"")


def raw_responses(sock, count):
    """Reads `count` responses (each with a Content-Length) off `sock`: [(status, body)]."""
    data, answers = b"", []
    while len(answers) < count:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            assert chunk, f"the connection closed after {len(answers)} answers"
            data += chunk
        head, data = data.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        length = int(next(line.split(":", 1)[1] for line in lines if line.lower().startswith("content-length:")))
        while len(data) < length:
            data += sock.recv(65536)
        answers.append((int(lines[0].split()[1]), json.loads(data[:length])))
        data = data[length:]
    return answers


def test_pipelined_requests_are_answered_in_order_whichever_path_answers_them(logbook_server):
    # Small appends are answered on the event loop, everything else by the router: requests
    # sent back to back on one connection must still be answered in their order.
    token, session = logbook_server.token, uuid.uuid4()
    first = json.dumps(envelope("message.added", {"role": "user", "content": "a"}, session)).encode()
    conditional = json.dumps(envelope("message.added", {"role": "user", "content": "b"}, session)).encode()
    last = json.dumps(envelope("message.added", {"role": "user", "content": "c"}, session)).encode()
    requests = [
        raw_request("POST", "/v1/events", token, first, ["Content-Type: application/json"]),
        raw_request("GET", f"/v1/sessions/{session}/replay?format=json", token, None),
        raw_request("POST", f"/v1/events?expected_version=1&session={session}", token, conditional, ["Content-Type: application/json"]),
        raw_request("POST", "/v1/events", token, last, ["Content-Type: application/json"]),
        raw_request("GET", f"/v1/events?session={session}", token, None),
        raw_request("POST", "/v1/events", token, b'{"event_type": "custom.x"}', ["Content-Type: application/json"]),
    ]
    with socket.create_connection(("127.0.0.1", logbook_server.port), timeout=10) as sock:
        sock.sendall(b"".join(requests))
        answers = raw_responses(sock, len(requests))
    assert [status for status, _ in answers] == [200, 200, 200, 200, 200, 400]
    assert [e["session_seq"] for status, body in answers[0:4:2] + answers[3:4] for e in body["events"]] == [1, 2, 3]
    assert [e["payload"]["content"] for e in answers[4][1]["events"]] == ["a", "b", "c"]
    assert answers[5][1]["error"]["field"] == "trace_id"


def test_an_append_answers_the_same_from_the_event_loop_and_from_the_router(logbook_server):
    # A body of known length is taken on the event loop; the same body sent chunked goes
    # through the router. Errors must read the same either way.
    url, headers = logbook_server.url, {**auth(logbook_server.token), "Content-Type": "application/json"}
    bodies = [
        json.dumps([envelope("custom.ok", {}), {"event_type": "custom.bad", "payload": {}}]),
        json.dumps(envelope("run.state_saved", {"state_type": "paused", "schema_version": 1, "state_data": {}})),
        "[1, 2]", "{not json", "",
    ]
    for body in bodies:
        known = httpx.post(url + "/v1/events", headers=headers, content=body.encode())
        chunked = httpx.post(url + "/v1/events", headers=headers, content=iter([body.encode()]))
        assert known.status_code == chunked.status_code == 400, body
        assert known.json() == chunked.json(), body
        assert {"content-type", "content-length", "date", "server"} <= set(known.headers), known.headers
    event = envelope("custom.same", {"n": 1})
    known = httpx.post(url + "/v1/events", headers=headers, content=json.dumps(event).encode()).json()
    again = httpx.post(url + "/v1/events", headers=headers, content=iter([json.dumps(event).encode()])).json()
    assert known["stored"] == 1 and again["duplicates"] == 1
    assert known["events"][0]["position"] == again["events"][0]["position"]
    session = uuid.uuid4()
    for version, status in [(0, 200), (0, 409), (5, 409), (1, 200)]:
        params = {"expected_version": version, "session": str(session)}
        body = json.dumps(envelope("message.added", {"role": "user", "content": "v"}, session)).encode()
        known = httpx.post(url + "/v1/events", headers=headers, params=params, content=body)
        if status == 409:
            chunked = httpx.post(url + "/v1/events", headers=headers, params=params, content=iter([body]))
            assert known.json() == chunked.json() and known.json()["error"]["actual_version"] == 1
        assert known.status_code == status, (version, known.text)
    lines = (json.dumps(envelope("custom.l", {})) + "\n" + json.dumps(envelope("custom.l", {})) + "\n").encode()
    stored = httpx.post(url + "/v1/events", headers={**headers, "Content-Type": "application/x-ndjson"}, content=lines)
    assert stored.status_code == 200 and stored.json()["stored"] == 2


def test_a_bad_event_is_refused_naming_index_line_and_field_and_nothing_is_written(logbook_server):
    url, headers = logbook_server.url, auth(logbook_server.token)
    before = len(read_all(logbook_server))
    bad = [envelope("custom.ok", {}), envelope("run.state_saved", {"state_type": "paused", "schema_version": 1, "state_data": {}})]
    response = httpx.post(url + "/v1/events", headers=headers, json=bad)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_event" and error["index"] == 1 and error["field"] == "payload.state_type"
    assert "nothing of this batch was written" in error["message"]
    lines = json.dumps(envelope("custom.ok", {})) + "\n" + '{"event_type": "x", "trace_id": "not-a-uuid", "payload": {}}\n'
    response = httpx.post(url + "/v1/events", headers={**headers, "Content-Type": "application/x-ndjson"}, content=lines)
    assert response.status_code == 400 and response.json()["error"]["line"] == 2
    for body in ["", "[1, 2]", "{not json", '{"event_type": "x"}']:
        response = httpx.post(url + "/v1/events", headers={**headers, "Content-Type": "application/json"}, content=body)
        assert response.status_code == 400, body
        assert response.json()["error"]["message"]
    assert len(read_all(logbook_server)) == before


def test_a_version_conflict_is_409_with_the_actual_version(logbook_server):
    url, headers = logbook_server.url, auth(logbook_server.token)
    session = uuid.uuid4()
    ok = httpx.post(url + "/v1/events", headers=headers, params={"expected_version": 0, "session": str(session)},
                    json=envelope("message.added", {"role": "user", "content": "a"}, session))
    assert ok.status_code == 200
    conflict = httpx.post(url + "/v1/events", headers=headers, params={"expected_version": 0, "session": str(session)},
                          json=envelope("message.added", {"role": "user", "content": "b"}, session))
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "conflict" and conflict.json()["error"]["actual_version"] == 1
    missing = httpx.post(url + "/v1/events", headers=headers, params={"expected_version": 1},
                         json=envelope("custom.a", {}))
    assert missing.status_code == 400


def test_a_body_over_the_limit_is_413(server_factory):
    server = server_factory("--max-body-mb", "1")
    big = [envelope("custom.big", {"text": "x" * 4096}) for _ in range(400)]
    response = httpx.post(server.url + "/v1/events", headers=auth(server.token), json=big)
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"
    # JSONL is parsed as it arrives, and refused as soon as it passes the limit.
    lines = b"".join(json.dumps(event).encode() + b"\n" for event in big)
    response = httpx.post(server.url + "/v1/events", content=lines,
                          headers={**auth(server.token), "Content-Type": "application/x-ndjson"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"
    assert read_all(server) == []
    # Under the limit, the same kind of body is stored whole.
    response = httpx.post(server.url + "/v1/events", content=b"".join(lines.splitlines(keepends=True)[:100]),
                          headers={**auth(server.token), "Content-Type": "application/x-ndjson"})
    assert response.status_code == 200 and response.json()["stored"] == 100


def test_reads_filter_by_session_trace_and_type_and_page_with_next(logbook_server):
    url, headers = logbook_server.url, auth(logbook_server.token)
    session, trace = uuid.uuid4(), uuid.uuid4()
    batch = [envelope("message.added", {"role": "user", "content": str(i)}, session, trace) for i in range(5)]
    batch.append(envelope("custom.marker", {"i": 1}, session, trace))
    httpx.post(url + "/v1/events", headers=headers, json=batch).raise_for_status()
    by_session = httpx.get(url + "/v1/events", headers=headers, params={"session": str(session)}).json()["events"]
    assert [e["id"] for e in by_session] == [e["id"] for e in batch]
    assert [e["payload"] for e in by_session] == [e["payload"] for e in batch]
    by_trace = httpx.get(url + "/v1/events", headers=headers, params={"trace": str(trace), "type": "custom.marker"}).json()
    assert [e["id"] for e in by_trace["events"]] == [batch[-1]["id"]]
    first = by_session[0]["position"]
    page = httpx.get(url + "/v1/events", headers=headers, params={"from": first, "limit": 2}).json()
    assert [e["position"] for e in page["events"]] == [first, first + 1] and page["next"] == first + 2
    lines = httpx.get(url + "/v1/events", headers={**headers, "Accept": "application/x-ndjson"},
                      params={"session": str(session)}).text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [e["id"] for e in batch]
    assert httpx.get(url + "/v1/events", headers=headers, params={"session": "nope"}).status_code == 400


def test_replay_over_http_and_unknown_sessions(logbook_server):
    url, headers = logbook_server.url, auth(logbook_server.token)
    session, trace = uuid.uuid4(), uuid.uuid4()
    sent = [{"role": "user", "content": "hello"}, {"role": "assistant", "content": "hi there"}]
    result = httpx.post(url + "/v1/events", headers=headers,
                        json=[envelope("message.added", m, session, trace) for m in sent]).json()
    messages = httpx.get(url + f"/v1/sessions/{session}/replay", headers=headers, params={"format": "messages"}).json()
    assert [m["content"] for m in messages] == ["hello", "hi there"]
    first = result["events"][0]["position"]
    as_of = httpx.get(url + f"/v1/sessions/{session}/replay", headers=headers,
                      params={"format": "messages", "as_of_position": first}).json()
    assert [m["content"] for m in as_of] == ["hello"]
    transcript = httpx.get(url + f"/v1/sessions/{session}/replay", headers=headers, params={"format": "transcript"})
    assert transcript.headers["content-type"].startswith("text/plain") and "hi there" in transcript.text
    assert httpx.get(url + f"/v1/traces/{trace}/replay", headers=headers).status_code == 200
    unknown = httpx.get(url + f"/v1/sessions/{uuid.uuid4()}/replay", headers=headers)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    # The message says what is missing, not where the server keeps its files.
    assert "this store" in unknown.json()["error"]["message"]
    assert str(logbook_server.store) not in unknown.text
    assert httpx.get(url + f"/v1/sessions/{session}/replay", headers=headers, params={"format": "xml"}).status_code == 400


def test_queries_answer_from_read_models_that_follow_the_log(logbook_server):
    url, headers = logbook_server.url, auth(logbook_server.token)
    session, run = uuid.uuid4(), uuid.uuid4()
    events = [
        envelope("run.started", {"agent_name": "coder", "objective": "fix it"}, session, run, agent_id="coder", timestamp_ms=1000),
        envelope("llm.interaction", {"provider": "openai", "model": "gpt-4o", "prompt": "p", "response": "r",
                                     "input_tokens": 100, "output_tokens": 20, "cost_usd": 0.5}, session, run,
                 agent_id="coder", timestamp_ms=1100),
        envelope("document.retrieved", {"title": "Doc", "content": "text"}, session, run, timestamp_ms=1200),
        envelope("run.completed", {"final_output": "done", "total_iterations": 1}, session, run, timestamp_ms=1300),
    ]
    result = httpx.post(url + "/v1/events", headers=headers, json=events).json()
    wait_projected(logbook_server, result["events"][-1]["position"] + 1)
    runs = httpx.get(url + "/v1/query/runs", headers=headers, params={"agent": "coder"}).json()["rows"]
    mine = [r for r in runs if r["run_id"] == str(run)]
    assert mine and mine[0]["status"] == "completed" and mine[0]["input_tokens"] == 100
    row = httpx.get(url + f"/v1/query/run/{run}", headers=headers).json()["row"]
    assert row["objective"] == "fix it" and row["llm_calls"] == 1
    assert httpx.get(url + f"/v1/query/run/{uuid.uuid4()}", headers=headers).status_code == 404
    llm = httpx.get(url + "/v1/query/llm", headers=headers, params={"by": "run", "run": str(run)}).json()["rows"]
    assert llm[0]["calls"] == 1 and llm[0]["cost_usd"] == 0.5
    assert httpx.get(url + "/v1/query/llm", headers=headers, params={"by": "planet"}).status_code == 400
    stats = httpx.get(url + "/v1/query/stats", headers=headers, params={"agent": "coder"}).json()["row"]
    assert stats["runs"] >= 1 and stats["completed"] >= 1
    docs = httpx.get(url + "/v1/query/documents", headers=headers, params={"session": str(session)}).json()["rows"]
    assert [d["title"] for d in docs] == ["Doc"]
    steps = httpx.get(url + "/v1/query/steps", headers=headers, params={"trace": str(run)}).json()["rows"]
    assert steps and steps[0]["step_type"]
    counts = httpx.get(url + "/v1/query/events", headers=headers, params={"run": str(run)}).json()["rows"]
    assert {c["event_type"]: c["count"] for c in counts}["llm.interaction"] == 1
    sessions = httpx.get(url + "/v1/query/sessions", headers=headers, params={"limit": 1000}).json()["rows"]
    assert str(session) in [s["session_id"] for s in sessions]


def sse_ids(server, last_event_id, count, timeout=30):
    """The next `count` event positions of the stream, resuming after `last_event_id`."""
    headers = auth(server.token)
    if last_event_id is not None:
        headers["Last-Event-ID"] = str(last_event_id)
    ids = []
    with httpx.stream("GET", server.url + "/v1/events/stream", headers=headers, timeout=timeout) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("id: "):
                ids.append(int(line[4:]))
                if len(ids) == count:
                    break
    return ids


def test_sse_resumes_with_last_event_id_across_a_restart(server_factory):
    server = server_factory()
    headers = auth(server.token)
    httpx.post(server.url + "/v1/events", headers=headers, json=[envelope("custom.a", {"i": i}) for i in range(5)]).raise_for_status()
    assert sse_ids(server, None, 5) == [0, 1, 2, 3, 4]
    assert sse_ids(server, 2, 2) == [3, 4]
    server.restart()
    httpx.post(server.url + "/v1/events", headers=headers, json=[envelope("custom.b", {"i": i}) for i in range(5)]).raise_for_status()
    assert sse_ids(server, 4, 5) == [5, 6, 7, 8, 9]


def test_sse_streams_that_come_and_go_miss_nothing_appended_while_none_was_attached(server_factory):
    # The server follows the log for its streams only while one is attached; the next one to
    # attach restarts that at the head and reads what came before from the log.
    server = server_factory()
    headers = auth(server.token)
    httpx.post(server.url + "/v1/events", headers=headers, json=[envelope("custom.a", {"i": i}) for i in range(5)]).raise_for_status()
    assert sse_ids(server, None, 5) == [0, 1, 2, 3, 4]
    for round in range(3):
        head = 5 + round * 300
        httpx.post(server.url + "/v1/events", headers=headers,
                   json=[envelope("custom.b", {"i": i}) for i in range(300)]).raise_for_status()
        assert sse_ids(server, head - 3, 302) == list(range(head - 2, head + 300))
    # A stream attached at the head gets what arrives after it, live.
    received = []
    follower = threading.Thread(target=lambda: received.extend(sse_ids(server, 904, 3)))
    follower.start()
    time.sleep(0.3)
    httpx.post(server.url + "/v1/events", headers=headers, json=[envelope("custom.c", {"i": i}) for i in range(3)]).raise_for_status()
    follower.join(30)
    assert received == [905, 906, 907]


def test_sse_delivers_events_appended_while_following(logbook_server):
    headers = auth(logbook_server.token)
    head = httpx.get(logbook_server.url + "/readyz", headers=headers).json()["head"]
    received = []
    last_seen = head - 1 if head > 0 else None  # on an empty log, follow from the start
    follower = threading.Thread(target=lambda: received.extend(sse_ids(logbook_server, last_seen, 3)))
    follower.start()
    time.sleep(0.3)
    for i in range(3):
        httpx.post(logbook_server.url + "/v1/events", headers=headers, json=envelope("custom.live", {"i": i})).raise_for_status()
    follower.join(30)
    assert received == [head, head + 1, head + 2]


def test_sse_clients_cross_from_the_log_into_the_live_ring_without_gap_or_repeat(server_factory):
    # The server keeps the newest 8,192 events in a ring that every stream shares; older
    # positions are read from the log. Events from before the start are history; a client
    # that stops reading while more than the ring's worth arrives must fall back to the log.
    server = server_factory()
    headers = auth(server.token)
    session = uuid.uuid4()
    pad = "x" * 1000  # 12,000 events of ~1 kB: more than the socket buffers hold for a client that waits

    def append(count, offset):
        for start in range(0, count, 1000):
            batch = [envelope("custom.even" if (offset + start + i) % 2 == 0 else "custom.odd", {"i": offset + start + i, "pad": pad},
                              session=session if (offset + start + i) % 3 == 0 else None)
                     for i in range(min(1000, count - start))]
            httpx.post(server.url + "/v1/events", headers=headers, json=batch, timeout=60).raise_for_status()

    append(3000, 0)
    server.restart()  # the ring starts at position 3000
    total = 3000 + 12000
    seen = {"all": [], "odd": [], "session": []}
    paused, resume = threading.Event(), threading.Event()

    expected = {"all": list(range(total)), "odd": [p for p in range(total) if p % 2 == 1],
                "session": [p for p in range(total) if p % 3 == 0]}

    def follow(name, params, pause_after=None):
        with httpx.stream("GET", server.url + "/v1/events/stream", headers=headers, params=params, timeout=120) as response:
            for line in response.iter_lines():
                if line.startswith("id: "):
                    seen[name].append(int(line[4:]))
                    if pause_after is not None and len(seen[name]) == pause_after:
                        paused.set()
                        resume.wait(120)  # reads nothing while 12,000 events arrive
                    if seen[name][-1] >= expected[name][-1]:
                        return

    followers = [threading.Thread(target=follow, args=("all", {"from": 0}, 10)),
                 threading.Thread(target=follow, args=("odd", {"from": 0, "type": "custom.odd"})),
                 threading.Thread(target=follow, args=("session", {"from": 0, "session": str(session)}))]
    for follower in followers:
        follower.start()
    assert paused.wait(30)
    append(12000, 3000)
    resume.set()
    for follower in followers:
        follower.join(120)
    assert seen == expected


def test_a_server_killed_during_appends_keeps_every_acknowledged_event(server_factory):
    server = server_factory()
    headers = auth(server.token)
    acknowledged, stop = [], threading.Event()

    def appender():
        with httpx.Client(timeout=5) as client:
            while not stop.is_set():
                event = envelope("custom.ack", {"n": len(acknowledged)})
                try:
                    response = client.post(server.url + "/v1/events", headers=headers, json=event)
                except httpx.TransportError:
                    return
                if response.status_code == 200:
                    acknowledged.append(event["id"])

    threads = [threading.Thread(target=appender) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    server.process.send_signal(signal.SIGKILL)
    stop.set()
    for thread in threads:
        thread.join(10)
    assert len(acknowledged) > 10
    server.start()
    stored = [e["id"] for e in read_all(server)]
    assert len(stored) == len(set(stored))
    assert set(acknowledged) <= set(stored)


def test_sigterm_finishes_appends_in_flight_and_exits(server_factory):
    server = server_factory()
    headers = auth(server.token)
    outcomes, lock = [], threading.Lock()

    def appender():
        with httpx.Client(timeout=10) as client:
            for _ in range(200):
                event = envelope("custom.drain", {})
                try:
                    status = client.post(server.url + "/v1/events", headers=headers, json=event).status_code
                except httpx.TransportError:
                    status = None
                with lock:
                    outcomes.append((event["id"], status))
                if status != 200:
                    return

    threads = [threading.Thread(target=appender) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=30) == 0
    for thread in threads:
        thread.join(10)
    acknowledged = {event_id for event_id, status in outcomes if status == 200}
    assert acknowledged and all(status in (200, 503, None) for _, status in outcomes)
    server.start()
    assert acknowledged <= {e["id"] for e in read_all(server)}


def test_a_client_trickling_its_request_is_cut_off_and_the_server_stays_up(server_factory):
    server = server_factory("--idle-timeout", "1")
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as slow:
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        time.sleep(2.5)
        assert slow.recv(1024) == b""  # closed by the server
    assert httpx.get(server.url + "/healthz").status_code == 200


def test_metrics_count_appends_and_time_routes(logbook_server):
    headers = auth(logbook_server.token)
    httpx.post(logbook_server.url + "/v1/events", headers=headers, json=envelope("custom.m", {})).raise_for_status()
    text = httpx.get(logbook_server.url + "/metrics", headers=headers).text
    for name in ["logbook_appends_total", "logbook_events_appended_total", "logbook_append_duration_seconds_bucket",
                 "logbook_projection_lag_events"]:
        assert name in text, name
    assert 'http_route="/v1/events"' in text or "/v1/events" in text


def test_appends_answered_on_the_event_loop_count_as_requests_and_leave_none_active(logbook_server):
    headers = auth(logbook_server.token)
    text = httpx.get(logbook_server.url + "/metrics", headers=headers).text
    before = sum(float(line.split()[-1]) for line in text.splitlines()
                 if line.startswith("hb_requests{") and 'http_route="/v1/events"' in line and 'http_request_method="POST"' in line)
    with httpx.Client(headers=headers) as client:
        for index in range(5):
            client.post(logbook_server.url + "/v1/events", json=envelope("custom.active", {"i": index})).raise_for_status()
        text = client.get(logbook_server.url + "/metrics").text
    after = sum(float(line.split()[-1]) for line in text.splitlines()
                if line.startswith("hb_requests{") and 'http_route="/v1/events"' in line and 'http_request_method="POST"' in line)
    assert after == before + 5
    active = [line for line in text.splitlines()
              if line.startswith("http_server_active_requests{") and 'http_request_method="POST"' in line]
    assert active and float(active[0].split()[-1]) == 0, active


def metric(text, name):
    values = [float(line.split()[-1]) for line in text.splitlines() if line.startswith(name + " ") or line.startswith(name + "{")]
    assert values, f"{name} is not in /metrics"
    return sum(values)


def test_metrics_count_fsyncs_and_open_connections(logbook_server):
    headers = auth(logbook_server.token)
    before = metric(httpx.get(logbook_server.url + "/metrics", headers=headers).text, "logbook_fsync_duration_seconds_count")
    httpx.post(logbook_server.url + "/v1/events", headers=headers, json=envelope("custom.m", {})).raise_for_status()
    with httpx.Client(headers=headers) as first, httpx.Client(headers=headers) as second:
        first.get(logbook_server.url + "/healthz").raise_for_status()
        second.get(logbook_server.url + "/healthz").raise_for_status()
        text = first.get(logbook_server.url + "/metrics").text
        # An append with durability "always" syncs before it is acknowledged.
        assert metric(text, "logbook_fsync_duration_seconds_count") >= before + 1
        assert metric(text, "logbook_fsync_duration_seconds_sum") > 0
        # Both clients keep their connection open while the metrics are read.
        assert metric(text, "logbook_open_connections") >= 2

