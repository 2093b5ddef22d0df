import LogbookCatalogue
import LogbookCore
import LogbookJSON

/// One `llm.interaction`: which model, what it cost, how long it took, whether it failed.
/// Its counts are read by `LLMCallUsage`, as the projections read them; what that left out
/// is in `usageProblems`.
public struct LLMCallRecord: Sendable, Equatable, Encodable {
    public var position: UInt64
    public var timestampMs: Int64
    public var traceID: LogUUID
    public var provider: String
    public var model: String
    public var status: String?
    public var errorMessage: String?
    public var inputTokens: Int64?
    public var cachedInputTokens: Int64?
    public var cacheWriteInputTokens: Int64?
    public var outputTokens: Int64?
    public var reasoningTokens: Int64?
    public var latencyMs: Int64?
    public var costUSD: Double?
    public var prompt: JSONValue?
    public var response: JSONValue?
    public var inputParams: JSONValue?
    public var usageProblems: [String] = []

    /// `EventRules.llmCallFailed`.
    public var isError: Bool { EventRules.llmCallFailed(status: status, errorMessage: errorMessage) }

    init(event: RecordedEvent, payload: [String: JSONValue]) {
        position = event.position
        timestampMs = event.timestampMs
        traceID = event.traceID
        provider = payload["provider"]?.string ?? ""
        model = payload["model"]?.string ?? ""
        status = payload["status"]?.string
        errorMessage = payload["error_message"]?.string
        let usage = LLMCallUsage(payload: payload)
        inputTokens = usage.inputTokens
        cachedInputTokens = usage.cachedInputTokens
        cacheWriteInputTokens = usage.cacheWriteInputTokens
        outputTokens = usage.outputTokens
        reasoningTokens = usage.reasoningTokens
        latencyMs = usage.latencyMs
        costUSD = usage.clientCostUSD
        usageProblems = usage.problems
        prompt = payload["prompt"]
        response = payload["response"]
        inputParams = payload["input_params"]
    }

    enum CodingKeys: String, CodingKey {
        case position, provider, model, status, prompt, response
        case timestampMs = "timestamp_ms", traceID = "trace_id", errorMessage = "error_message"
        case inputTokens = "input_tokens", cachedInputTokens = "cached_input_tokens"
        case cacheWriteInputTokens = "cache_write_input_tokens", usageProblems = "usage_problems"
        case outputTokens = "output_tokens", reasoningTokens = "reasoning_tokens"
        case latencyMs = "latency_ms", costUSD = "cost_usd", inputParams = "input_params"
    }
}
