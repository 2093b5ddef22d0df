-- PostgreSQL form of schemas/readmodels/agents.sql: the same tables, columns and indexes,
-- with jsonb for JSON, numeric for costs, boolean for flags, a timestamptz beside each
-- millisecond column (<column>_tz), and node_id: the node whose log the row came from.
-- Projector "agents": one row per agent name, from agent.registered; a re-registration
-- replaces it when it is newer (timestamp, then event id).
CREATE TABLE agents (
    name text PRIMARY KEY NOT NULL,
    agent_id text,
    type text,
    description text,
    system_prompt text,
    model_config jsonb,
    tools jsonb,
    registered_at bigint NOT NULL,
    event_id text NOT NULL,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    registered_at_tz timestamptz GENERATED ALWAYS AS (to_timestamp(registered_at::double precision / 1000)) STORED
);
