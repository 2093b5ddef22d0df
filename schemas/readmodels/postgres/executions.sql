-- PostgreSQL form of schemas/readmodels/executions.sql: the same tables, columns and indexes,
-- with jsonb for JSON, numeric for costs, boolean for flags, a timestamptz beside each
-- millisecond column (<column>_tz), and node_id: the node whose log the row came from.
-- Projector "executions": one row per execution_id, from execution.started and its end
-- (execution.completed / execution.failed). status: running, completed, error. Of several
-- starts or endings the earliest by (timestamp, event id) counts.
CREATE TABLE agent_executions (
    execution_id text PRIMARY KEY NOT NULL,
    run_id text NOT NULL,
    status text NOT NULL,
    input_data text,
    output_data text,
    error_message text,
    started_at bigint,
    start_event_id text,
    finished_at bigint,
    end_event_id text,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    started_at_tz timestamptz GENERATED ALWAYS AS (to_timestamp(started_at::double precision / 1000)) STORED,
    finished_at_tz timestamptz GENERATED ALWAYS AS (to_timestamp(finished_at::double precision / 1000)) STORED
);
CREATE INDEX agent_executions_by_run ON agent_executions (run_id);
