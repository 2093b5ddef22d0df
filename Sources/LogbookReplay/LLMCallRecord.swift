import LogbookJSON
import LogbookCore

/// One `llm.interaction`: which model, what it cost, how long it took, whether it failed.
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
    public var outputTokens: Int64?
    public var reasoningTokens: Int64?
    public var latencyMs: Int64?
    public var costUSD: Double?
    public var prompt: JSONValue?
    public var response: JSONValue?
    public var inputParams: JSONValue?

    /// A call failed when its status says `error` or it carries an error message.
    public var isError: Bool { status == "error" || errorMessage != nil }

    init(event: RecordedEvent, payload: [String: JSONValue]) {
        position = event.position
        timestampMs = event.timestampMs
        traceID = event.traceID
        provider = payload["provider"]?.string ?? ""
        model = payload["model"]?.string ?? ""
        status = payload["status"]?.string
        errorMessage = payload["error_message"]?.string
        inputTokens = payload["input_tokens"]?.int
        cachedInputTokens = payload["cached_input_tokens"]?.int
        outputTokens = payload["output_tokens"]?.int
        reasoningTokens = payload["reasoning_tokens"]?.int
        latencyMs = payload["latency_ms"]?.int
        costUSD = payload["cost_usd"]?.double
        prompt = payload["prompt"]
        response = payload["response"]
        inputParams = payload["input_params"]
    }

    enum CodingKeys: String, CodingKey {
        case position, provider, model, status, prompt, response
        case timestampMs = "timestamp_ms", traceID = "trace_id", errorMessage = "error_message"
        case inputTokens = "input_tokens", cachedInputTokens = "cached_input_tokens"
        case outputTokens = "output_tokens", reasoningTokens = "reasoning_tokens"
        case latencyMs = "latency_ms", costUSD = "cost_usd", inputParams = "input_params"
    }
}
