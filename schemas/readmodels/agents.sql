-- Projector "agents": one row per agent name, from agent.registered; a re-registration
-- replaces it when it is newer (timestamp, then event id).
CREATE TABLE agents (
    name TEXT PRIMARY KEY NOT NULL,
    agent_id TEXT,
    type TEXT,
    description TEXT,
    system_prompt TEXT,
    model_config TEXT,
    tools TEXT,
    registered_at INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    last_position INTEGER NOT NULL
);
