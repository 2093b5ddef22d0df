-- PostgreSQL form of schemas/readmodels/llm.sql: the same tables, columns and indexes,
-- with jsonb for JSON, numeric for costs, boolean for flags, a timestamptz beside each
-- millisecond column (<column>_tz), and node_id: the node whose log the row came from.
-- Projector "llm": one row per llm.interaction event. cost_source: client (cost_usd in the
-- payload), catalogue (from schemas/prices.json, exported from genai-prices), unknown (no
-- price for the model: cost NULL).
-- usage_problems names the values left out or cut because they were out of range (a count
-- above a trillion tokens, cached above input, ...); NULL when there were none.
CREATE TABLE llm_interactions (
    event_id text PRIMARY KEY NOT NULL,
    run_id text NOT NULL,
    session_id text,
    agent_id text,
    provider text,
    model text,
    prompt text,
    response text,
    input_params jsonb,
    input_tokens bigint NOT NULL DEFAULT 0,
    output_tokens bigint NOT NULL DEFAULT 0,
    cached_input_tokens bigint NOT NULL DEFAULT 0,
    cache_write_input_tokens bigint NOT NULL DEFAULT 0,
    reasoning_tokens bigint NOT NULL DEFAULT 0,
    latency_ms bigint,
    status text,
    error_message text,
    cost_usd numeric,
    cost_source text NOT NULL,
    usage_problems text,
    timestamp bigint NOT NULL,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    timestamp_tz timestamptz GENERATED ALWAYS AS (to_timestamp(timestamp::double precision / 1000)) STORED
);
CREATE INDEX llm_interactions_by_run ON llm_interactions (run_id, timestamp);
CREATE INDEX llm_interactions_by_agent ON llm_interactions (agent_id);
-- The calls the price catalogue could not price, for `query llm --unpriced`.
CREATE INDEX llm_interactions_unpriced ON llm_interactions (provider, model) WHERE cost_source = 'unknown';
