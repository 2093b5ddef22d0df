import LogbookCatalogue
import LogbookCore
import LogbookJSON

/// A `tool.called` and its `tool.result`, paired by `call_id` whatever order they arrived
/// in: a result seen before its call is kept and completed when the call shows up.
public struct ToolCallRecord: Sendable, Equatable, Encodable {
    public enum Status: String, Sendable, Equatable, Encodable {
        /// Called, no result yet.
        case pending
        case succeeded
        case failed
    }

    public var callID: String
    public var traceID: LogUUID
    /// Nil while only the result is visible.
    public var toolName: String?
    public var arguments: JSONValue?
    public var calledPosition: UInt64?
    public var calledAtMs: Int64?
    public var resultPosition: UInt64?
    public var resultAtMs: Int64?
    public var output: JSONValue?
    public var isError = false
    public var errorMessage: String?
    /// The result's own `latency_ms`, or else the time between call and result.
    public var latencyMs: Int64?

    init(callID: String, traceID: LogUUID) {
        self.callID = callID
        self.traceID = traceID
    }

    public var status: Status {
        guard resultPosition != nil else { return .pending }
        return isError ? .failed : .succeeded
    }

    mutating func call(_ event: RecordedEvent, _ payload: [String: JSONValue]) {
        guard calledPosition == nil else { return }
        calledPosition = event.position
        calledAtMs = event.timestampMs
        toolName = payload["tool_name"]?.string
        arguments = payload["arguments"]
        if latencyMs == nil, let resultAtMs { latencyMs = resultAtMs.subtracting(saturating: event.timestampMs) }
    }

    mutating func result(_ event: RecordedEvent, _ payload: [String: JSONValue]) {
        guard resultPosition == nil else { return }
        resultPosition = event.position
        resultAtMs = event.timestampMs
        output = payload["output"]
        errorMessage = payload["error_message"]?.string
        isError = EventRules.toolResultFailed(isError: payload["is_error"]?.bool, errorMessage: errorMessage)
        latencyMs = EventRules.milliseconds(payload["latency_ms"]) ?? calledAtMs.map { event.timestampMs.subtracting(saturating: $0) }
    }

    enum CodingKeys: String, CodingKey {
        case arguments, output, status
        case callID = "call_id", traceID = "trace_id", toolName = "tool_name"
        case calledPosition = "called_position", calledAtMs = "called_at_ms"
        case resultPosition = "result_position", resultAtMs = "result_at_ms"
        case isError = "is_error", errorMessage = "error_message", latencyMs = "latency_ms"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(callID, forKey: .callID)
        try container.encode(traceID, forKey: .traceID)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(toolName, forKey: .toolName)
        try container.encodeIfPresent(arguments, forKey: .arguments)
        try container.encodeIfPresent(calledPosition, forKey: .calledPosition)
        try container.encodeIfPresent(calledAtMs, forKey: .calledAtMs)
        try container.encodeIfPresent(resultPosition, forKey: .resultPosition)
        try container.encodeIfPresent(resultAtMs, forKey: .resultAtMs)
        try container.encodeIfPresent(output, forKey: .output)
        try container.encode(isError, forKey: .isError)
        try container.encodeIfPresent(errorMessage, forKey: .errorMessage)
        try container.encodeIfPresent(latencyMs, forKey: .latencyMs)
    }
}
