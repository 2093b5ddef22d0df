-- PostgreSQL form of schemas/readmodels/checkpoints.sql: the same tables, columns and indexes,
-- with jsonb for JSON, numeric for costs, boolean for flags, a timestamptz beside each
-- millisecond column (<column>_tz), and node_id: the node whose log the row came from.
-- Where each projector stands: the position of the last event it applied (-1 before the
-- first), written in the same transaction as the rows that event changed.
CREATE TABLE projector_checkpoints (
    node_id text NOT NULL,
    name text NOT NULL,
    version bigint NOT NULL,
    position bigint NOT NULL,
    PRIMARY KEY (node_id, name)
);
-- The log the projections were folded from: its first event's id and recorded_at_ms. A
-- projections file met beside another log (or a log restored behind it) is refused.
CREATE TABLE projected_log (
    node_id text PRIMARY KEY NOT NULL,
    first_event_id text NOT NULL,
    first_recorded_at_ms bigint NOT NULL
);
-- Runs deleted by run.deleted, kept by every projector that holds rows of runs, in the live
-- database and in a rebuild's shadow alike: each drops the run's rows when the tombstone
-- arrives and adds none after it, whatever the order of arrival. The earliest run.deleted
-- (by timestamp, then event id) is the one recorded. The log keeps the run's events.
CREATE TABLE deleted_runs (
    run_id text PRIMARY KEY NOT NULL,
    event_id text NOT NULL,
    reason text,
    deleted_at bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    deleted_at_tz timestamptz GENERATED ALWAYS AS (to_timestamp(deleted_at::double precision / 1000)) STORED
);
