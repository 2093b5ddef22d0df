-- PostgreSQL form of schemas/readmodels/runs.sql: the same tables, columns and indexes,
-- with jsonb for JSON, numeric for costs, boolean for flags, a timestamptz beside each
-- millisecond column (<column>_tz), and node_id: the node whose log the row came from.
-- Projector "runs": one row per agent run (run_id = trace_id), from run.started, the run's
-- terminal event (run.completed / run.failed / run.cancelled) and the LLM calls of its trace.
-- status: pending (only LLM calls seen so far), running, completed, error, cancelled.
-- Of several run.started, or several terminal events, the earliest by (timestamp, event id)
-- counts (start_event_id, end_event_id). agent_id and session_id are those of the earliest
-- event of the run that carries one (agent_id_from, session_id_from: that event's
-- timestamp and id as sortable text). Token, call and latency totals add each
-- llm.interaction once; cost_usd sums the calls' known costs (client-supplied or computed),
-- rounded to 1e-9 so the total is the same in any order of arrival; unpriced_calls counts
-- the calls it could not price.
CREATE TABLE agent_runs (
    run_id text PRIMARY KEY NOT NULL,
    agent_id text,
    agent_id_from text,
    agent_name text,
    objective text,
    additional_context text,
    session_id text,
    session_id_from text,
    started_at bigint,
    start_event_id text,
    finished_at bigint,
    end_event_id text,
    total_iterations bigint,
    final_synthesis_output text,
    status text NOT NULL DEFAULT 'pending',
    error_message text,
    metadata jsonb,
    input_tokens bigint NOT NULL DEFAULT 0,
    cached_input_tokens bigint NOT NULL DEFAULT 0,
    output_tokens bigint NOT NULL DEFAULT 0,
    reasoning_tokens bigint NOT NULL DEFAULT 0,
    cost_usd numeric,
    llm_calls bigint NOT NULL DEFAULT 0,
    unpriced_calls bigint NOT NULL DEFAULT 0,
    latency_ms bigint NOT NULL DEFAULT 0,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    started_at_tz timestamptz GENERATED ALWAYS AS (to_timestamp(started_at::double precision / 1000)) STORED,
    finished_at_tz timestamptz GENERATED ALWAYS AS (to_timestamp(finished_at::double precision / 1000)) STORED
);
CREATE INDEX agent_runs_by_start ON agent_runs (started_at, run_id);
CREATE INDEX agent_runs_by_agent ON agent_runs (agent_id, started_at, run_id);
CREATE INDEX agent_runs_by_agent_name ON agent_runs (agent_name, started_at, run_id);
CREATE INDEX agent_runs_by_session ON agent_runs (session_id, started_at, run_id);
