/// The tokens and cost of one `llm.interaction`: a client-supplied `cost_usd` wins; else the
/// price table's cost; else none (`unknown`). Costs are rounded to 1e-9 dollars so that sums
/// of them come out the same in any order.
public struct LLMUsage: Sendable, Equatable {
    public enum CostSource: String, Sendable {
        case client, computed, unknown
    }

    public var inputTokens: Int64
    public var cachedInputTokens: Int64
    public var outputTokens: Int64
    public var reasoningTokens: Int64
    public var latencyMs: Int64?
    public var costUSD: Double?
    public var costSource: CostSource

    public init(_ event: ProjectedEvent, prices: PriceTable = .standard) {
        inputTokens = event.int("input_tokens") ?? 0
        cachedInputTokens = event.int("cached_input_tokens") ?? 0
        outputTokens = event.int("output_tokens") ?? 0
        reasoningTokens = event.int("reasoning_tokens") ?? 0
        latencyMs = event.int("latency_ms")
        if let client = event.double("cost_usd") {
            costUSD = PriceTable.roundToNano(client)
            costSource = .client
        } else if let model = event.string("model"),
                  let cost = prices.cost(
                    provider: event.string("provider"), model: model, atMs: event.timestampMs,
                    input: inputTokens, cachedInput: cachedInputTokens, output: outputTokens, reasoning: reasoningTokens) {
            costUSD = cost
            costSource = .computed
        } else {
            costUSD = nil
            costSource = .unknown
        }
    }
}
