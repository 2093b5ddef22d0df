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
    run_id TEXT PRIMARY KEY NOT NULL,
    agent_id TEXT,
    agent_id_from TEXT,
    agent_name TEXT,
    objective TEXT,
    additional_context TEXT,
    session_id TEXT,
    session_id_from TEXT,
    started_at INTEGER,
    start_event_id TEXT,
    finished_at INTEGER,
    end_event_id TEXT,
    total_iterations INTEGER,
    final_synthesis_output TEXT,
    status TEXT NOT NULL DEFAULT 'pending',
    error_message TEXT,
    metadata TEXT,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    cached_input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL,
    llm_calls INTEGER NOT NULL DEFAULT 0,
    unpriced_calls INTEGER NOT NULL DEFAULT 0,
    latency_ms INTEGER NOT NULL DEFAULT 0,
    last_position INTEGER NOT NULL
);
-- The lists of runs, newest first: each filter reads one index in (started_at, run_id)
-- order, so a page is read off the index, neither scanned nor sorted, and paged by key.
CREATE INDEX agent_runs_by_start ON agent_runs (started_at, run_id);
CREATE INDEX agent_runs_by_agent ON agent_runs (agent_id, started_at, run_id);
CREATE INDEX agent_runs_by_agent_name ON agent_runs (agent_name, started_at, run_id);
CREATE INDEX agent_runs_by_session ON agent_runs (session_id, started_at, run_id);
