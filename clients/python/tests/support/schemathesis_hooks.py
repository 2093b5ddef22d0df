"""Schemathesis hooks for the Logbook API, loaded with SCHEMATHESIS_HOOKS by test_openapi_live.py.

- Bodies of the media types schemathesis has no serializer for go out as their bytes
  (OTLP protobuf) or text (JSON Lines).
- Generated ids are sometimes swapped for the ids of a session and a run that the test stored
  first (LOGBOOK_KNOWN_IDS, JSON), so replays and queries also answer with real data, not
  only with 404 and empty rows.
- A followed event stream ends at once (limit=0): without a limit it runs until the client
  leaves, which a test client reading the whole response never does.
"""

from __future__ import annotations

import json
import os

import schemathesis
from hypothesis import strategies as st
from schemathesis.transport.serialization import serialize_binary

KNOWN = json.loads(os.environ.get("LOGBOOK_KNOWN_IDS", "{}"))

# Which known id each operation's path `id` takes.
PATH_IDS = {"/v1/sessions/{id}/replay": "session", "/v1/traces/{id}/replay": "trace", "/v1/query/run/{id}": "run"}


@schemathesis.serializer("application/x-protobuf")
def protobuf(ctx, value):
    return {"data": serialize_binary(value)}


@schemathesis.serializer("application/x-ndjson")
def json_lines(ctx, value):
    return {"data": value if isinstance(value, bytes) else str(value).encode()}


@schemathesis.hook
def flatmap_path_parameters(ctx, path_parameters):
    kind = PATH_IDS.get(ctx.operation.path) if ctx.operation else None
    if kind not in KNOWN or not isinstance(path_parameters, dict):
        return st.just(path_parameters)
    return st.sampled_from([path_parameters, {**path_parameters, "id": KNOWN[kind]}])


@schemathesis.hook
def flatmap_query(ctx, query):
    if not isinstance(query, dict):
        return st.just(query)
    names = [name for name in ("session", "trace", "run") if name in query and name in KNOWN]
    if not names:
        return st.just(query)
    return st.sampled_from([query, {**query, **{name: KNOWN[name] for name in names}}])


@schemathesis.hook
def before_call(ctx, case, kwargs):
    if case.operation.path != "/v1/events/stream":
        return
    limit = (case.query or {}).get("limit")
    if limit is None or str(limit).isdigit():
        case.query = {**(case.query or {}), "limit": 0}
