/// Token and cost totals over LLM calls. Tokens follow the store's conventions: cached
/// input tokens are part of `inputTokens`, reasoning tokens part of `outputTokens`, so
/// neither is added twice. Cost adds only what clients reported (`cost_usd`); calls
/// without one are counted, never priced here. Sums saturate rather than trap (each call's
/// counts are already bounded by `LLMCallUsage`).
public struct UsageTotals: Sendable, Equatable, Encodable {
    public var llmCalls = 0
    public var failedCalls = 0
    public var inputTokens: Int64 = 0
    public var cachedInputTokens: Int64 = 0
    public var cacheWriteInputTokens: Int64 = 0
    public var outputTokens: Int64 = 0
    public var reasoningTokens: Int64 = 0
    public var callsWithCost = 0
    public var callsWithoutCost = 0
    /// Known cost in nano-dollars: sums of the six-decimal prices clients send stay exact.
    private var knownCostNanoUSD: Int64 = 0

    public init() {}

    /// The sum of the reported costs; the total is unknown while `callsWithoutCost > 0`.
    public var knownCostUSD: Double { Double(knownCostNanoUSD) / 1e9 }

    public mutating func add(_ call: LLMCallRecord) {
        llmCalls += 1
        if call.isError { failedCalls += 1 }
        inputTokens = inputTokens.adding(saturating: call.inputTokens ?? 0)
        cachedInputTokens = cachedInputTokens.adding(saturating: call.cachedInputTokens ?? 0)
        cacheWriteInputTokens = cacheWriteInputTokens.adding(saturating: call.cacheWriteInputTokens ?? 0)
        outputTokens = outputTokens.adding(saturating: call.outputTokens ?? 0)
        reasoningTokens = reasoningTokens.adding(saturating: call.reasoningTokens ?? 0)
        if let cost = call.costUSD, let nano = Int64(exactly: (cost * 1e9).rounded()) {
            callsWithCost += 1
            knownCostNanoUSD = knownCostNanoUSD.adding(saturating: nano)
        } else {
            callsWithoutCost += 1
        }
    }

    public mutating func add(_ other: UsageTotals) {
        llmCalls += other.llmCalls
        failedCalls += other.failedCalls
        inputTokens = inputTokens.adding(saturating: other.inputTokens)
        cachedInputTokens = cachedInputTokens.adding(saturating: other.cachedInputTokens)
        cacheWriteInputTokens = cacheWriteInputTokens.adding(saturating: other.cacheWriteInputTokens)
        outputTokens = outputTokens.adding(saturating: other.outputTokens)
        reasoningTokens = reasoningTokens.adding(saturating: other.reasoningTokens)
        callsWithCost += other.callsWithCost
        callsWithoutCost += other.callsWithoutCost
        knownCostNanoUSD = knownCostNanoUSD.adding(saturating: other.knownCostNanoUSD)
    }

    enum CodingKeys: String, CodingKey {
        case llmCalls = "llm_calls", failedCalls = "failed_calls", inputTokens = "input_tokens"
        case cachedInputTokens = "cached_input_tokens", cacheWriteInputTokens = "cache_write_input_tokens", outputTokens = "output_tokens"
        case reasoningTokens = "reasoning_tokens", callsWithCost = "calls_with_cost"
        case callsWithoutCost = "calls_without_cost", knownCostUSD = "known_cost_usd"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(llmCalls, forKey: .llmCalls)
        try container.encode(failedCalls, forKey: .failedCalls)
        try container.encode(inputTokens, forKey: .inputTokens)
        try container.encode(cachedInputTokens, forKey: .cachedInputTokens)
        try container.encode(cacheWriteInputTokens, forKey: .cacheWriteInputTokens)
        try container.encode(outputTokens, forKey: .outputTokens)
        try container.encode(reasoningTokens, forKey: .reasoningTokens)
        try container.encode(callsWithCost, forKey: .callsWithCost)
        try container.encode(callsWithoutCost, forKey: .callsWithoutCost)
        try container.encode(knownCostUSD, forKey: .knownCostUSD)
    }
}
