import LogbookJSON

/// The tokens, latency and client cost of one `llm.interaction`, in Logbook's conventions:
/// `inputTokens` counts every prompt token (cache reads and cache writes included),
/// `cachedInputTokens` and `cacheWriteInputTokens` are parts of it; `outputTokens` includes
/// `reasoningTokens`. Replay and the projections both read a call through this type, so
/// they count it the same way.
///
/// Explicit top-level fields of the payload win, each on its own; a field they leave out
/// comes from the provider's `usage` object, read by `ProviderUsage`. A value outside a sane range (a count
/// above `maxTokens`, a cost above `maxCostUSD`, a latency above `maxLatencyMs`, anything not
/// a whole number where one is needed) is left out and named in `problems`; a part larger than
/// its whole (cached above input, reasoning above output) is cut to the whole and named too.
/// Nothing a client stores can make the sums overflow.
public struct LLMCallUsage: Sendable, Equatable {
    /// No single call comes near a trillion tokens; past that a count is a unit or encoding mistake.
    public static let maxTokens: Int64 = 1_000_000_000_000
    public static let maxCostUSD = 1_000_000.0
    /// Thirty days.
    public static let maxLatencyMs: Int64 = 2_592_000_000

    /// Nil: neither the payload nor its usage object reported it.
    public var inputTokens: Int64?
    public var cachedInputTokens: Int64?
    public var cacheWriteInputTokens: Int64?
    public var outputTokens: Int64?
    public var reasoningTokens: Int64?
    /// Rounded to whole milliseconds.
    public var latencyMs: Int64?
    /// `cost_usd` as the client reported it.
    public var clientCostUSD: Double?
    /// What was left out or cut, one sentence each.
    public var problems: [String] = []

    public init() {}

    public init(payload: [String: JSONValue]) {
        var problems: [String] = []
        let reported = payload["usage"].flatMap { ProviderUsage(usage: $0, provider: payload["provider"]?.string) }
        problems += reported?.problems ?? []
        inputTokens = Self.count("input_tokens", payload, &problems) ?? reported?.inputTokens
        cachedInputTokens = Self.count("cached_input_tokens", payload, &problems) ?? reported?.cachedInputTokens
        cacheWriteInputTokens = Self.count("cache_write_input_tokens", payload, &problems) ?? reported?.cacheWriteInputTokens
        outputTokens = Self.count("output_tokens", payload, &problems) ?? reported?.outputTokens
        reasoningTokens = Self.count("reasoning_tokens", payload, &problems) ?? reported?.reasoningTokens
        if let latency = payload["latency_ms"], latency.double != nil {
            latencyMs = EventRules.milliseconds(latency)
            if latencyMs == nil {
                problems.append("latency_ms \(latency.compactJSON) is out of range (0 to \(Self.maxLatencyMs)); left out")
            }
        }
        if let cost = payload["cost_usd"], let value = cost.double {
            if value.isFinite, value >= 0, value <= Self.maxCostUSD {
                clientCostUSD = value
            } else {
                problems.append("cost_usd \(cost.compactJSON) is out of range (0 to \(Int(Self.maxCostUSD))); left out")
            }
        }
        Self.cut(&cachedInputTokens, "cached_input_tokens", to: inputTokens, "input_tokens", &problems)
        Self.cut(
            &cacheWriteInputTokens, "cache_write_input_tokens", to: inputTokens.map { $0 - (cachedInputTokens ?? 0) },
            "input_tokens less cached_input_tokens", &problems)
        Self.cut(&reasoningTokens, "reasoning_tokens", to: outputTokens, "output_tokens", &problems)
        self.problems = problems
    }

    /// A token count of the payload, when present and sane.
    private static func count(_ key: String, _ payload: [String: JSONValue], _ problems: inout [String]) -> Int64? {
        guard let value = payload[key], value != .null else { return nil }
        return tokens(value, name: key, problems: &problems)
    }

    /// `value` as a token count in 0...maxTokens; nil (and a problem) otherwise.
    static func tokens(_ value: JSONValue, name: String, problems: inout [String]) -> Int64? {
        if let int = value.int, int >= 0, int <= maxTokens { return int }
        problems.append("\(name) \(value.compactJSON) is not a token count (a whole number from 0 to \(maxTokens)); left out")
        return nil
    }

    private static func cut(_ part: inout Int64?, _ partName: String, to whole: Int64?, _ wholeName: String, _ problems: inout [String]) {
        guard let value = part, let whole, value > whole else { return }
        problems.append("\(partName) \(value) exceeds \(wholeName) \(whole); counted as \(whole)")
        part = whole
    }
}
