"""Exporter behaviour that needs no server: the memory bound and the JSONL sink."""

import io
import json
import uuid

from logbook_client import JsonlSink, LogbookClient, LogbookExporter, make_event


def test_drops_only_past_the_queue_limit_and_counts_it():
    # Nothing listens on the discard port: every send fails and is retried.
    exporter = LogbookExporter(LogbookClient("http://127.0.0.1:9", "x"), max_queue=5,
                               max_batch=100, flush_interval=30, initial_backoff=0.01)
    for i in range(8):
        exporter.emit(make_event("run.log", {"level": "info", "message": str(i)},
                                 trace_id=uuid.uuid4()))
    assert exporter.dropped == 3
    assert exporter.pending() == 5
    assert exporter.force_flush(timeout=0.2) is False
    exporter.shutdown(timeout=0.2)
    assert exporter.dropped == 8
    assert exporter.retries > 0


def test_jsonl_sink_assigns_ids_before_writing():
    out = io.StringIO()
    sink = JsonlSink(out)
    sink.emit({"event_type": "run.log", "trace_id": str(uuid.uuid4()),
               "payload": {"level": "info", "message": "x"}})
    sink.force_flush()
    event = json.loads(out.getvalue())
    assert uuid.UUID(event["id"]).version == 4
    assert isinstance(event["timestamp_ms"], int)
