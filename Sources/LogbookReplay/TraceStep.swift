import LogbookCore

/// One row of a run's waterfall: an execution, an LLM call, a tool call (its call and
/// result as one step), a thought, a retrieval, a checkpoint, a message, another span
/// (`span.recorded`), a log line (`run.log`), a handoff, a guardrail.
public struct TraceStep: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Equatable, Encodable {
        case execution, llm, tool, thought, document, message, span, log, handoff, guardrail
        case stateSaved = "state_saved"
        /// Any other event on the trace.
        case event
    }

    public var index: Int
    /// The execution step it nests under.
    public var parent: Int?
    public var depth: Int
    public var kind: Kind
    /// What the step is: the model, the tool, the execution id, the document's title…
    public var name: String
    /// The events that make up the step, in the order they were folded.
    public var positions: [UInt64]
    public var startMs: Int64
    /// From the start of the run (or of the trace, when no `run.started` is visible).
    public var offsetMs: Int64 = 0
    /// Nil where nothing tells (an execution still running, an instant event).
    public var durationMs: Int64?
    /// `ok`/`error` for LLM calls, `pending`/`succeeded`/`failed` for tools,
    /// `running`/`completed`/`failed` for executions.
    public var status: String?
    /// An LLM call's own usage; an execution's, the sum of the calls nested in it.
    public var usage: UsageTotals?
    /// A short excerpt: the response or error, the tool output, the thought.
    public var detail: String?

    public var endMs: Int64? { durationMs.map { startMs.adding(saturating: $0) } }

    enum CodingKeys: String, CodingKey {
        case index, parent, depth, kind, name, positions, status, usage, detail
        case startMs = "start_ms", offsetMs = "offset_ms", durationMs = "duration_ms", endMs = "end_ms"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encodeIfPresent(parent, forKey: .parent)
        try container.encode(depth, forKey: .depth)
        try container.encode(kind, forKey: .kind)
        try container.encode(name, forKey: .name)
        try container.encode(positions, forKey: .positions)
        try container.encode(startMs, forKey: .startMs)
        try container.encode(offsetMs, forKey: .offsetMs)
        try container.encodeIfPresent(durationMs, forKey: .durationMs)
        try container.encodeIfPresent(endMs, forKey: .endMs)
        try container.encodeIfPresent(status, forKey: .status)
        try container.encodeIfPresent(usage, forKey: .usage)
        try container.encodeIfPresent(detail, forKey: .detail)
    }
}
