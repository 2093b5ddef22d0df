-- Projector "executions": one row per execution_id, from execution.started and its end
-- (execution.completed / execution.failed). status: running, completed, error. Of several
-- starts or endings the earliest by (timestamp, event id) counts.
CREATE TABLE agent_executions (
    execution_id TEXT PRIMARY KEY NOT NULL,
    run_id TEXT NOT NULL,
    status TEXT NOT NULL,
    input_data TEXT,
    output_data TEXT,
    error_message TEXT,
    started_at INTEGER,
    start_event_id TEXT,
    finished_at INTEGER,
    end_event_id TEXT,
    last_position INTEGER NOT NULL
);
CREATE INDEX agent_executions_by_run ON agent_executions (run_id);
