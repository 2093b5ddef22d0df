-- PostgreSQL form of schemas/readmodels/trace_steps.sql: the same tables, columns and indexes,
-- with jsonb for JSON, numeric for costs, boolean for flags, a timestamptz beside each
-- millisecond column (<column>_tz), and node_id: the node whose log the row came from.
-- Projector "trace_steps": the ordered steps of a trace, for a waterfall. step_type:
-- thought (agent.thought), tool_call (tool.called), tool_result (tool.result),
-- llm_response (llm.interaction), span (span.recorded: timestamp is its start, latency_ms
-- its length, input_payload its attributes). sequence_order is 1, 2, 3 … by (timestamp, event_id)
-- within the trace, renumbered after each batch, so it does not depend on arrival order.
-- A tool_result's step_name is its call's tool name once the call is there.
CREATE TABLE trace_steps (
    trace_id text NOT NULL,
    timestamp bigint NOT NULL,
    event_id text NOT NULL,
    sequence_order bigint NOT NULL DEFAULT 0,
    step_type text NOT NULL,
    step_name text,
    call_id text,
    input_payload text,
    output_payload text,
    latency_ms bigint,
    tokens bigint,
    cost_usd numeric,
    is_error boolean NOT NULL DEFAULT false,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    timestamp_tz timestamptz GENERATED ALWAYS AS (to_timestamp(timestamp::double precision / 1000)) STORED,
    PRIMARY KEY (trace_id, timestamp, event_id)
);

-- A call's steps, earliest first, covering what naming a result reads (only tool steps have a
-- call_id).
CREATE INDEX trace_steps_by_call ON trace_steps (trace_id, call_id, step_type, timestamp, event_id, step_name)
    WHERE call_id IS NOT NULL;
