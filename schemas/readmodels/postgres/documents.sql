-- PostgreSQL form of schemas/readmodels/documents.sql: the same tables, columns and indexes,
-- with jsonb for JSON, numeric for costs, boolean for flags, a timestamptz beside each
-- millisecond column (<column>_tz), and node_id: the node whose log the row came from.
-- Projector "documents": one row per document.retrieved event.
CREATE TABLE documents (
    event_id text PRIMARY KEY NOT NULL,
    session_id text,
    run_id text NOT NULL,
    title text,
    content text,
    content_type text,
    source_url text,
    metadata jsonb,
    timestamp bigint NOT NULL,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    timestamp_tz timestamptz GENERATED ALWAYS AS (to_timestamp(timestamp::double precision / 1000)) STORED
);
CREATE INDEX documents_by_session ON documents (session_id, timestamp, event_id);
