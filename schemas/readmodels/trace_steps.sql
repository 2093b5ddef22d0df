-- Projector "trace_steps": the ordered steps of a trace, for a waterfall. step_type:
-- thought (agent.thought), tool_call (tool.called), tool_result (tool.result),
-- llm_response (llm.interaction), span (span.recorded: timestamp is its start, latency_ms
-- its length, input_payload its attributes). sequence_order is 1, 2, 3 … by (timestamp, event_id)
-- within the trace, renumbered after each batch from the first step the batch adds, so it does
-- not depend on arrival order. A tool_result's step_name is its call's tool name once the call
-- is there.
CREATE TABLE trace_steps (
    trace_id TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    sequence_order INTEGER NOT NULL DEFAULT 0,
    step_type TEXT NOT NULL,
    step_name TEXT,
    call_id TEXT,
    input_payload TEXT,
    output_payload TEXT,
    latency_ms INTEGER,
    tokens INTEGER,
    cost_usd REAL,
    is_error INTEGER NOT NULL DEFAULT 0,
    last_position INTEGER NOT NULL,
    PRIMARY KEY (trace_id, timestamp, event_id)
) WITHOUT ROWID;
-- A call's steps, earliest first, covering what naming a result reads (only tool steps have a
-- call_id): found without walking the trace.
CREATE INDEX trace_steps_by_call ON trace_steps (trace_id, call_id, step_type, timestamp, event_id, step_name)
    WHERE call_id IS NOT NULL;
