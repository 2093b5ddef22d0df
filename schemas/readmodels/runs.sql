-- Projector "runs": one row per agent run (run_id = trace_id), from run.started, the run's
-- terminal event (run.completed / run.failed / run.cancelled) and the LLM calls of its trace.
-- status: pending (only LLM calls seen so far), running, completed, error, cancelled.
-- Token, call and latency totals add each llm.interaction once; cost_usd sums the calls'
-- known costs (client-supplied or computed), rounded to 1e-9 so the total is the same in
-- any order of arrival.
CREATE TABLE agent_runs (
    run_id TEXT PRIMARY KEY NOT NULL,
    agent_id TEXT,
    agent_name TEXT,
    objective TEXT,
    additional_context TEXT,
    session_id TEXT,
    started_at INTEGER,
    finished_at INTEGER,
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
    latency_ms INTEGER NOT NULL DEFAULT 0,
    last_position INTEGER NOT NULL
);
CREATE INDEX agent_runs_by_agent ON agent_runs (agent_id, started_at);
CREATE INDEX agent_runs_by_session ON agent_runs (session_id);
