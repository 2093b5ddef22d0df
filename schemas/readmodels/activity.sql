-- Projector "activity": what agents did besides LLM and tool calls, one row per event
-- unless said otherwise: handoffs (handoff.occurred), guardrail_results
-- (guardrail.evaluated; triggered 0/1), interruptions (one row per run and call_id, from
-- interruption.requested and its interruption.resolved in any order; status pending,
-- approved or rejected; of several resolutions the earliest by (timestamp, event id)
-- counts), mcp_tool_listings (mcp.tools_listed; tools as JSON), run_logs (run.log).
CREATE TABLE handoffs (
    event_id TEXT PRIMARY KEY NOT NULL,
    run_id TEXT NOT NULL,
    session_id TEXT,
    from_agent TEXT,
    to_agent TEXT NOT NULL,
    span_id TEXT,
    timestamp INTEGER NOT NULL,
    last_position INTEGER NOT NULL
);
CREATE TABLE guardrail_results (
    event_id TEXT PRIMARY KEY NOT NULL,
    run_id TEXT NOT NULL,
    session_id TEXT,
    name TEXT NOT NULL,
    kind TEXT,
    triggered INTEGER NOT NULL,
    output_info TEXT,
    span_id TEXT,
    timestamp INTEGER NOT NULL,
    last_position INTEGER NOT NULL
);
CREATE TABLE interruptions (
    run_id TEXT NOT NULL,
    call_id TEXT NOT NULL,
    session_id TEXT,
    tool_name TEXT,
    arguments TEXT,
    agent_name TEXT,
    requested_at INTEGER,
    status TEXT NOT NULL,
    reason TEXT,
    resolved_at INTEGER,
    resolved_event_id TEXT,
    last_position INTEGER NOT NULL,
    PRIMARY KEY (run_id, call_id)
);
CREATE TABLE mcp_tool_listings (
    event_id TEXT PRIMARY KEY NOT NULL,
    run_id TEXT NOT NULL,
    session_id TEXT,
    server TEXT NOT NULL,
    tools TEXT NOT NULL,
    tool_count INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    last_position INTEGER NOT NULL
);
CREATE TABLE run_logs (
    event_id TEXT PRIMARY KEY NOT NULL,
    run_id TEXT NOT NULL,
    session_id TEXT,
    level TEXT NOT NULL,
    message TEXT NOT NULL,
    attributes TEXT,
    severity_number INTEGER,
    span_id TEXT,
    timestamp INTEGER NOT NULL,
    last_position INTEGER NOT NULL
);
CREATE INDEX handoffs_by_run ON handoffs (run_id, timestamp);
CREATE INDEX guardrail_results_by_run ON guardrail_results (run_id, timestamp);
CREATE INDEX run_logs_by_run ON run_logs (run_id, timestamp, last_position, event_id);
