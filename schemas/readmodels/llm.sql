-- Projector "llm": one row per llm.interaction event. cost_source: client (cost_usd in the
-- payload), catalogue (from schemas/prices.json, exported from genai-prices), unknown (no
-- price for the model: cost NULL).
-- usage_problems names the values left out or cut because they were out of range (a count
-- above a trillion tokens, cached above input, ...); NULL when there were none.
CREATE TABLE llm_interactions (
    event_id TEXT PRIMARY KEY NOT NULL,
    run_id TEXT NOT NULL,
    session_id TEXT,
    agent_id TEXT,
    provider TEXT,
    model TEXT,
    prompt TEXT,
    response TEXT,
    input_params TEXT,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    cached_input_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_input_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens INTEGER NOT NULL DEFAULT 0,
    latency_ms INTEGER,
    status TEXT,
    error_message TEXT,
    cost_usd REAL,
    cost_source TEXT NOT NULL,
    usage_problems TEXT,
    timestamp INTEGER NOT NULL,
    last_position INTEGER NOT NULL
);
CREATE INDEX llm_interactions_by_run ON llm_interactions (run_id, timestamp);
CREATE INDEX llm_interactions_by_agent ON llm_interactions (agent_id);
-- The calls left unpriced, by model (`query llm --unpriced`): only those rows are indexed.
CREATE INDEX llm_interactions_unpriced ON llm_interactions (provider, model) WHERE cost_source = 'unknown';
