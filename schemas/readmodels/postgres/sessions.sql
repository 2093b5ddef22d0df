-- PostgreSQL form of schemas/readmodels/sessions.sql: the same tables, columns and indexes,
-- with jsonb for JSON, numeric for costs, boolean for flags, a timestamptz beside each
-- millisecond column (<column>_tz), and node_id: the node whose log the row came from.
-- Projector "sessions": one row per session, counting every event that carries it.
-- started_at, title, metadata come from the earliest session.started by (timestamp, event
-- id); cleared_at is the latest session.cleared; last_event_at the latest timestamp of any
-- of its events; user_id the earliest event's (by timestamp, event id) that carries one.
CREATE TABLE sessions (
    session_id text PRIMARY KEY NOT NULL,
    user_id text,
    user_id_from text,
    title text,
    metadata jsonb,
    started_at bigint,
    started_event_id text,
    last_event_at bigint NOT NULL,
    event_count bigint NOT NULL,
    cleared_at bigint,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    started_at_tz timestamptz GENERATED ALWAYS AS (to_timestamp(started_at::double precision / 1000)) STORED,
    last_event_at_tz timestamptz GENERATED ALWAYS AS (to_timestamp(last_event_at::double precision / 1000)) STORED,
    cleared_at_tz timestamptz GENERATED ALWAYS AS (to_timestamp(cleared_at::double precision / 1000)) STORED
);
CREATE INDEX sessions_by_user ON sessions (user_id, last_event_at, session_id);
-- The session list, most recently active first: a page is read off this index, not sorted.
CREATE INDEX sessions_by_activity ON sessions (last_event_at, session_id);
