-- PostgreSQL form of schemas/readmodels/activity.sql: the same tables, columns and indexes,
-- with jsonb for JSON, numeric for costs, boolean for flags, a timestamptz beside each
-- millisecond column (<column>_tz), and node_id: the node whose log the row came from.
-- Projector "activity": what agents did besides LLM and tool calls, one row per event
-- unless said otherwise: handoffs (handoff.occurred), guardrail_results
-- (guardrail.evaluated; triggered 0/1), interruptions (one row per run and call_id, from
-- interruption.requested and its interruption.resolved in any order; status pending,
-- approved or rejected; of several resolutions the earliest by (timestamp, event id)
-- counts), mcp_tool_listings (mcp.tools_listed; tools as JSON), run_logs (run.log).
CREATE TABLE handoffs (
    event_id text PRIMARY KEY NOT NULL,
    run_id text NOT NULL,
    session_id text,
    from_agent text,
    to_agent text NOT NULL,
    span_id text,
    timestamp bigint NOT NULL,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    timestamp_tz timestamptz GENERATED ALWAYS AS (to_timestamp(timestamp::double precision / 1000)) STORED
);
CREATE TABLE guardrail_results (
    event_id text PRIMARY KEY NOT NULL,
    run_id text NOT NULL,
    session_id text,
    name text NOT NULL,
    kind text,
    triggered boolean NOT NULL,
    output_info jsonb,
    span_id text,
    timestamp bigint NOT NULL,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    timestamp_tz timestamptz GENERATED ALWAYS AS (to_timestamp(timestamp::double precision / 1000)) STORED
);
CREATE TABLE interruptions (
    run_id text NOT NULL,
    call_id text NOT NULL,
    session_id text,
    tool_name text,
    arguments text,
    agent_name text,
    requested_at bigint,
    status text NOT NULL,
    reason text,
    resolved_at bigint,
    resolved_event_id text,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    requested_at_tz timestamptz GENERATED ALWAYS AS (to_timestamp(requested_at::double precision / 1000)) STORED,
    resolved_at_tz timestamptz GENERATED ALWAYS AS (to_timestamp(resolved_at::double precision / 1000)) STORED,
    PRIMARY KEY (run_id, call_id)
);
CREATE TABLE mcp_tool_listings (
    event_id text PRIMARY KEY NOT NULL,
    run_id text NOT NULL,
    session_id text,
    server text NOT NULL,
    tools jsonb NOT NULL,
    tool_count bigint NOT NULL,
    timestamp bigint NOT NULL,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    timestamp_tz timestamptz GENERATED ALWAYS AS (to_timestamp(timestamp::double precision / 1000)) STORED
);
CREATE TABLE run_logs (
    event_id text PRIMARY KEY NOT NULL,
    run_id text NOT NULL,
    session_id text,
    level text NOT NULL,
    message text NOT NULL,
    attributes jsonb,
    severity_number bigint,
    span_id text,
    timestamp bigint NOT NULL,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    timestamp_tz timestamptz GENERATED ALWAYS AS (to_timestamp(timestamp::double precision / 1000)) STORED
);
CREATE INDEX handoffs_by_run ON handoffs (run_id, timestamp);
CREATE INDEX guardrail_results_by_run ON guardrail_results (run_id, timestamp);
CREATE INDEX run_logs_by_run ON run_logs (run_id, timestamp, last_position, event_id);
