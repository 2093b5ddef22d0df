"""The HTTP client against a real server: appends, errors, reads, follow, replay, exporter."""

import uuid

import pytest

from logbook_client import (
    AuthError,
    BadEventError,
    ConflictError,
    IdConflictError,
    LogbookClient,
    LogbookExporter,
    NotFoundError,
    make_event,
)

pytestmark = pytest.mark.live


def message(session, text, **kw):
    return make_event("message.added", {"role": "user", "content": text},
                      trace_id=uuid.uuid4(), session_id=session, **kw)


def test_append_is_idempotent_by_id(logbook_client):
    session = uuid.uuid4()
    event = message(session, "hello")
    first = logbook_client.append(event, expected_version=0)
    again = logbook_client.append(event)
    assert first.stored == 1 and not first.events[0].duplicate
    assert again.duplicates == 1 and again.events[0].position == first.events[0].position
    changed = dict(event, payload={"role": "user", "content": "other"})
    with pytest.raises(IdConflictError) as error:
        logbook_client.append(changed)
    assert error.value.id == event["id"]


def test_expected_version_conflict_names_the_actual_version(logbook_client):
    session = uuid.uuid4()
    logbook_client.append_batch([message(session, "a"), message(session, "b")],
                                expected_version=0)
    with pytest.raises(ConflictError) as error:
        logbook_client.append(message(session, "c"), expected_version=1)
    assert error.value.actual_version == 2
    assert error.value.message


def test_bad_event_names_index_and_field(logbook_client):
    good = message(uuid.uuid4(), "fine")
    bad = make_event("llm.interaction", {"model": "m", "prompt": "p"}, trace_id=uuid.uuid4())
    with pytest.raises(BadEventError) as error:
        logbook_client.append_batch([good, bad])
    assert error.value.index == 1
    assert error.value.field == "payload.provider"
    assert logbook_client.read(session=good["session_id"]).events == []


def test_auth_errors(logbook_server):
    with LogbookClient(logbook_server.url, "not-a-token") as client:
        with pytest.raises(AuthError):
            client.read()


def test_unknown_session_is_not_found(logbook_client):
    with pytest.raises(NotFoundError):
        logbook_client.replay_session(uuid.uuid4(), format="messages")


def test_read_pages_and_follow_resumes(logbook_client):
    session = uuid.uuid4()
    events = [message(session, f"m{i}") for i in range(7)]
    result = logbook_client.append_batch(events)
    got = list(logbook_client.iter_events(session=session, page_size=3))
    assert [e["id"] for e in got] == [e["id"] for e in events]
    assert [e["session_seq"] for e in got] == list(range(1, 8))

    seen = []
    for event in logbook_client.follow(session=session, from_position=0):
        seen.append(event)
        if len(seen) == 3:
            break
    resumed = []
    for event in logbook_client.follow(session=session, last_event_id=seen[-1]["position"]):
        resumed.append(event)
        if len(resumed) == 4:
            break
    assert [e["id"] for e in seen + resumed] == [e["id"] for e in events]
    assert seen[0]["position"] == result.events[0].position


def test_exporter_survives_a_server_restart(logbook_server, logbook_client):
    trace = uuid.uuid4()
    exporter = LogbookExporter(LogbookClient(logbook_server.url, logbook_server.token),
                               max_batch=20, flush_interval=0.05, max_backoff=0.5)
    ids = []
    for i in range(100):
        event = make_event("run.log", {"level": "info", "message": f"line {i}"}, trace_id=trace)
        ids.append(event["id"])
        exporter.emit(event)
        if i == 40:
            logbook_server.restart(kill=True)
    assert exporter.force_flush(timeout=60)
    exporter.shutdown()
    stored = [e["id"] for e in logbook_client.iter_events(trace=trace)]
    assert sorted(stored) == sorted(ids)
    assert exporter.dropped == 0
