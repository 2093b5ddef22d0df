-- Projector "run_states": the active saved state of each run, from run.state_saved; a newer
-- one (timestamp, then event id) replaces it.
CREATE TABLE run_states (
    run_id TEXT PRIMARY KEY NOT NULL,
    state_type TEXT NOT NULL,
    schema_version INTEGER,
    state_data TEXT,
    saved_at INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    last_position INTEGER NOT NULL
);
