import uuid

from logbook_client import NAMESPACE, span_event_id, to_uuid


def test_namespace_is_the_contracts():
    assert NAMESPACE == uuid.uuid5(uuid.NAMESPACE_URL, "https://logbook.dev/ids")


def test_sdk_trace_id_keeps_its_sixteen_bytes():
    hex32 = "0c50148cae4b46d48787d2cd54a9d57f"
    assert to_uuid("trace_" + hex32) == uuid.UUID(hex=hex32)
    assert to_uuid(hex32) == uuid.UUID(hex=hex32)
    assert to_uuid(hex32.upper()) == uuid.UUID(hex=hex32)


def test_a_uuid_string_is_itself():
    value = "3f6c0a8e-2b1d-4c3e-9f7a-1b2c3d4e5f60"
    assert to_uuid(value) == uuid.UUID(value)


def test_other_text_is_uuid5_in_the_namespace():
    for text in ("conversation-1", "trace_123", "run-42", "", "trace_" + "g" * 32):
        assert to_uuid(text) == uuid.uuid5(NAMESPACE, text)
    assert to_uuid("run-42") != to_uuid("run-43")


def test_span_event_ids_are_uuid5_of_span_and_role():
    span = "span_36e25bf070d443a1a67bf312"
    assert span_event_id(span, "started") == uuid.uuid5(NAMESPACE, f"{span}:started")
    assert span_event_id(span, "started") != span_event_id(span, "ended")
    assert span_event_id(span, "started").version == 5
