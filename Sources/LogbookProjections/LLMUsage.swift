import LogbookCatalogue

/// The tokens and cost of one `llm.interaction`, read by `LLMCallUsage` as replay reads them
/// (values out of range left out and named in `problems`): a client-supplied `cost_usd`
/// wins (`client`); else the price catalogue's cost (`catalogue`); else none (`unknown`). Costs are rounded to 1e-9
/// dollars so that sums of them come out the same in any order.
public struct LLMUsage: Sendable, Equatable {
    public enum CostSource: String, Sendable {
        case client, catalogue, unknown
    }

    public var inputTokens: Int64
    public var cachedInputTokens: Int64
    public var cacheWriteInputTokens: Int64
    public var outputTokens: Int64
    public var reasoningTokens: Int64
    public var latencyMs: Int64?
    public var costUSD: Double?
    public var costSource: CostSource
    /// What `LLMCallUsage` left out or cut, joined; nil when nothing.
    public var problems: String?

    public init(_ event: ProjectedEvent, prices: PriceTable = .standard) {
        let call = LLMCallUsage(payload: event.payload)
        inputTokens = call.inputTokens ?? 0
        cachedInputTokens = call.cachedInputTokens ?? 0
        cacheWriteInputTokens = call.cacheWriteInputTokens ?? 0
        outputTokens = call.outputTokens ?? 0
        reasoningTokens = call.reasoningTokens ?? 0
        latencyMs = call.latencyMs
        problems = call.problems.isEmpty ? nil : call.problems.joined(separator: "; ")
        if let client = call.clientCostUSD {
            costUSD = PriceTable.roundToNano(client)
            costSource = .client
        } else if let model = event.string("model"),
                  let cost = prices.cost(
                    provider: event.string("provider"), model: model, atMs: event.timestampMs,
                    input: inputTokens, cacheRead: cachedInputTokens, cacheWrite: cacheWriteInputTokens,
                    output: outputTokens, reasoning: reasoningTokens) {
            costUSD = cost
            costSource = .catalogue
        } else {
            costUSD = nil
            costSource = .unknown
        }
    }
}
