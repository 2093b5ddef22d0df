/// Run statistics over all runs or one agent's (`query stats`).
public struct RunStatsRow: QueryRow, Equatable {
    public var runs: Int64
    public var completed: Int64
    public var errors: Int64
    public var cancelled: Int64
    public var open: Int64
    public var avgIterations: Double?
    public var llmCalls: Int64
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var costUSD: Double?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case runs, completed, errors, cancelled, open, avgIterations = "avg_iterations", llmCalls = "llm_calls"
        case inputTokens = "input_tokens", outputTokens = "output_tokens", costUSD = "cost_usd"
    }
    public typealias Columns = CodingKeys
}
