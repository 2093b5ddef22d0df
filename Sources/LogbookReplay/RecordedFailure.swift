import LogbookCore

/// Something that went wrong in the session: a failed run or execution, an LLM call that
/// returned an error, a tool result marked as an error.
public struct RecordedFailure: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Equatable, Encodable {
        case runFailed = "run_failed"
        case executionFailed = "execution_failed"
        case llmError = "llm_error"
        case toolError = "tool_error"
    }

    public var kind: Kind
    /// The event that reported it.
    public var position: UInt64
    public var timestampMs: Int64
    public var traceID: LogUUID
    /// What failed: the run's name or agent, the execution id, the model, the tool.
    public var subject: String
    public var message: String

    enum CodingKeys: String, CodingKey {
        case kind, position, subject, message
        case timestampMs = "timestamp_ms", traceID = "trace_id"
    }
}
