/// LLM calls, tokens and cost of one group (an agent, a run or a provider/model) (`query llm`).
public struct LLMUsageRow: QueryRow, Equatable {
    /// The agent id, run id or `provider/model` the row sums.
    public var key: String?
    public var calls: Int64
    public var inputTokens: Int64
    public var cachedInputTokens: Int64
    public var outputTokens: Int64
    public var reasoningTokens: Int64
    /// Sum of the known costs; `unpricedCalls` says how many calls it leaves out.
    public var costUSD: Double?
    public var unpricedCalls: Int64
    public var latencyMs: Int64?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case key, calls, inputTokens = "input_tokens", cachedInputTokens = "cached_input_tokens"
        case outputTokens = "output_tokens", reasoningTokens = "reasoning_tokens", costUSD = "cost_usd"
        case unpricedCalls = "unpriced_calls", latencyMs = "latency_ms"
    }
    public typealias Columns = CodingKeys
}
