extension ReadModelRows {
    /// One run (`agent_runs`).
    public struct AgentRun: ReadModelRow {
        public static let table = "agent_runs"
        public static let columns = [
            "run_id", "agent_id", "agent_id_from", "agent_name", "objective", "additional_context", "session_id",
            "session_id_from", "started_at", "start_event_id", "finished_at", "end_event_id", "total_iterations",
            "final_synthesis_output", "status", "error_message", "metadata", "input_tokens", "cached_input_tokens",
            "output_tokens", "reasoning_tokens", "cost_usd", "llm_calls", "unpriced_calls", "latency_ms",
            "last_position",
        ]

        public internal(set) var runID: String
        public internal(set) var agentID: String?
        /// The earliest event carrying `agent_id`, written as `ProjectedEvent.orderKey`.
        public internal(set) var agentIDFrom: EventKey?
        public internal(set) var agentName: String?
        public internal(set) var objective: String?
        public internal(set) var additionalContext: String?
        public internal(set) var sessionID: String?
        /// The earliest event carrying `session_id`, written as `ProjectedEvent.orderKey`.
        public internal(set) var sessionIDFrom: EventKey?
        public internal(set) var startedAt: Int64?
        public internal(set) var startEventID: String?
        public internal(set) var finishedAt: Int64?
        public internal(set) var endEventID: String?
        public internal(set) var totalIterations: Int64?
        public internal(set) var finalSynthesisOutput: String?
        public internal(set) var status: String
        public internal(set) var errorMessage: String?
        public internal(set) var metadata: String?
        public internal(set) var inputTokens: Int64
        public internal(set) var cachedInputTokens: Int64
        public internal(set) var outputTokens: Int64
        public internal(set) var reasoningTokens: Int64
        public internal(set) var costUSD: Double?
        public internal(set) var llmCalls: Int64
        public internal(set) var unpricedCalls: Int64
        public internal(set) var latencyMs: Int64
        public internal(set) var lastPosition: Int64
        /// Where SQLite would put the row in its table (its rowid order): sums over the table add
        /// in this order.
        public internal(set) var rowID: Int64

        public var values: [SQLValue] {
            [
                .text(runID), .of(agentID), .of(agentIDFrom?.text), .of(agentName), .of(objective),
                .of(additionalContext), .of(sessionID), .of(sessionIDFrom?.text), .of(startedAt), .of(startEventID),
                .of(finishedAt), .of(endEventID), .of(totalIterations), .of(finalSynthesisOutput), .text(status),
                .of(errorMessage), .of(metadata), .integer(inputTokens), .integer(cachedInputTokens),
                .integer(outputTokens), .integer(reasoningTokens), .of(costUSD), .integer(llmCalls),
                .integer(unpricedCalls), .integer(latencyMs), .integer(lastPosition),
            ]
        }
    }
}
