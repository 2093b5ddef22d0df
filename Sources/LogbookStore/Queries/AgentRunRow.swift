/// Every column of one run (`query run`), as the `agent_runs` read model holds it.
public struct AgentRunRow: QueryRow, Equatable {
    public var runID: String
    public var agentID: String?
    public var agentName: String?
    public var objective: String?
    public var additionalContext: String?
    public var sessionID: String?
    public var startedAt: Int64?
    public var finishedAt: Int64?
    public var totalIterations: Int64?
    public var finalSynthesisOutput: String?
    public var status: String
    public var errorMessage: String?
    public var metadata: String?
    public var inputTokens: Int64
    public var cachedInputTokens: Int64
    public var outputTokens: Int64
    public var reasoningTokens: Int64
    public var costUSD: Double?
    public var llmCalls: Int64
    public var latencyMs: Int64
    public var lastPosition: Int64

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case runID = "run_id", agentID = "agent_id", agentName = "agent_name", objective
        case additionalContext = "additional_context", sessionID = "session_id", startedAt = "started_at"
        case finishedAt = "finished_at", totalIterations = "total_iterations"
        case finalSynthesisOutput = "final_synthesis_output", status, errorMessage = "error_message", metadata
        case inputTokens = "input_tokens", cachedInputTokens = "cached_input_tokens", outputTokens = "output_tokens"
        case reasoningTokens = "reasoning_tokens", costUSD = "cost_usd", llmCalls = "llm_calls", latencyMs = "latency_ms"
        case lastPosition = "last_position"
    }
    public typealias Columns = CodingKeys
}
