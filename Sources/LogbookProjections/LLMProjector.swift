import LogbookCatalogue

/// `llm_interactions`: one row per call, with its cost, where the cost came from, and what
/// of its usage was out of range.
public struct LLMProjector: Projector {
    public let name = "llm"
    public let version: Int
    public let schemaFile = "llm"
    let prices: PriceTable

    public init(prices: PriceTable = .standard) {
        self.prices = prices
        version = prices.projectorVersion(3)
    }

    public func apply(_ event: ProjectedEvent, to db: any ProjectionSQL) throws {
        guard event.type == EventType.llmInteraction || event.type == EventType.runDeleted,
              try !RunDeletion.handled(event, tables: ["llm_interactions"], in: db) else { return }
        let usage = LLMUsage(event, prices: prices)
        try db.execute("""
            INSERT OR IGNORE INTO llm_interactions (event_id, run_id, session_id, agent_id, provider, model, prompt,
                response, input_params, input_tokens, output_tokens, cached_input_tokens, cache_write_input_tokens,
                reasoning_tokens, latency_ms, status, error_message, cost_usd, cost_source, usage_problems, timestamp,
                last_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                event.eventID, event.traceID, event.sessionID, event.event.agentID, event.string("provider"),
                event.string("model"), event.text("prompt"), event.text("response"), event.json("input_params"),
                usage.inputTokens, usage.outputTokens, usage.cachedInputTokens, usage.cacheWriteInputTokens,
                usage.reasoningTokens, usage.latencyMs, event.string("status"), event.text("error_message"), usage.costUSD,
                usage.costSource.rawValue, usage.problems, event.timestampMs, event.position,
            ])
    }
}
