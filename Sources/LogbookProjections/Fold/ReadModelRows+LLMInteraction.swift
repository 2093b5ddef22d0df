extension ReadModelRows {
    /// One LLM call (`llm_interactions`).
    public struct LLMInteraction: ReadModelRow {
        public static let table = "llm_interactions"
        public static let columns = [
            "event_id", "run_id", "session_id", "agent_id", "provider", "model", "prompt", "response", "input_params",
            "input_tokens", "output_tokens", "cached_input_tokens", "cache_write_input_tokens", "reasoning_tokens",
            "latency_ms", "status", "error_message", "cost_usd", "cost_source", "usage_problems", "timestamp",
            "last_position",
        ]

        public internal(set) var eventID: String
        public internal(set) var runID: String
        public internal(set) var sessionID: String?
        public internal(set) var agentID: String?
        public internal(set) var provider: String?
        public internal(set) var model: String?
        public internal(set) var prompt: String?
        public internal(set) var response: String?
        public internal(set) var inputParams: String?
        public internal(set) var inputTokens: Int64
        public internal(set) var outputTokens: Int64
        public internal(set) var cachedInputTokens: Int64
        public internal(set) var cacheWriteInputTokens: Int64
        public internal(set) var reasoningTokens: Int64
        public internal(set) var latencyMs: Int64?
        public internal(set) var status: String?
        public internal(set) var errorMessage: String?
        public internal(set) var costUSD: Double?
        public internal(set) var costSource: String
        public internal(set) var usageProblems: String?
        public internal(set) var timestamp: Int64
        public internal(set) var lastPosition: Int64
        /// Where SQLite would put the row in its table (its rowid order): sums over the table add
        /// in this order.
        public internal(set) var rowID: Int64

        public var values: [SQLValue] {
            [
                .text(eventID), .text(runID), .of(sessionID), .of(agentID), .of(provider), .of(model), .of(prompt),
                .of(response), .of(inputParams), .integer(inputTokens), .integer(outputTokens),
                .integer(cachedInputTokens), .integer(cacheWriteInputTokens), .integer(reasoningTokens),
                .of(latencyMs), .of(status), .of(errorMessage), .of(costUSD), .text(costSource), .of(usageProblems),
                .integer(timestamp), .integer(lastPosition),
            ]
        }
    }
}
