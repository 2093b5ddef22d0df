-- PostgreSQL form of schemas/readmodels/run_states.sql: the same tables, columns and indexes,
-- with jsonb for JSON, numeric for costs, boolean for flags, a timestamptz beside each
-- millisecond column (<column>_tz), and node_id: the node whose log the row came from.
-- Projector "run_states": the active saved state of each run, from run.state_saved; a newer
-- one (timestamp, then event id) replaces it.
CREATE TABLE run_states (
    run_id text PRIMARY KEY NOT NULL,
    state_type text NOT NULL,
    schema_version bigint,
    state_data jsonb,
    saved_at bigint NOT NULL,
    event_id text NOT NULL,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    saved_at_tz timestamptz GENERATED ALWAYS AS (to_timestamp(saved_at::double precision / 1000)) STORED
);
