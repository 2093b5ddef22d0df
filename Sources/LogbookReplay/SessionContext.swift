import LogbookJSON
import LogbookCore

/// A session's context at one point: what an agent had in front of it then.
///
/// Only the conversation honours `session.cleared` (the messages before the last clear are
/// gone, as they are for the model). Runs, tool calls, LLM calls, documents, usage and
/// errors keep the whole session's history, each with its position, so a reader can still
/// account for what was spent and what failed before a clear, and can cut at `clears` if
/// it wants only what followed.
public struct SessionContext: Sendable, Equatable, Encodable {
    public var sessionID: LogUUID
    public var point: ReplayPoint
    /// The session's events folded: those visible at `point`.
    public var eventCount = 0
    public var lastPosition: UInt64?
    public var lastRecordedAtMs: Int64?
    public var title: String?
    public var metadata: JSONValue?
    public var startedAtMs: Int64?
    public var firstTimestampMs: Int64?
    public var lastTimestampMs: Int64?
    /// Distinct ids in the order they first appear.
    public var userIDs: [String] = []
    public var agentIDs: [String] = []
    public var eventCounts: [String: Int] = [:]
    public var clears: [SessionClear] = []
    /// The conversation since the last clear, in the chat format LLM APIs take.
    public var messages: [ChatMessage] = []
    public var documents: [RetrievedDocument] = []
    public var runs: [RunSummary] = []
    public var executions: [ExecutionRecord] = []
    public var toolCalls: [ToolCallRecord] = []
    public var llmCalls: [LLMCallRecord] = []
    public var usage = UsageTotals()
    /// In position order.
    public var errors: [RecordedFailure] = []
    public var warnings: [ReplayWarning] = []

    public init(sessionID: LogUUID, point: ReplayPoint) {
        self.sessionID = sessionID
        self.point = point
    }

    /// The last `count` messages (all when nil): a bounded window of the conversation.
    public func lastMessages(_ count: Int?) -> [ChatMessage] {
        guard let count else { return messages }
        return Array(messages.suffix(max(0, count)))
    }

    enum CodingKeys: String, CodingKey {
        case title, metadata, clears, messages, documents, runs, executions, usage, errors, warnings
        case sessionID = "session_id", asOf = "as_of", eventCount = "event_count"
        case lastPosition = "last_position", lastRecordedAtMs = "last_recorded_at_ms"
        case startedAtMs = "started_at_ms", firstTimestampMs = "first_timestamp_ms"
        case lastTimestampMs = "last_timestamp_ms", userIDs = "user_ids", agentIDs = "agent_ids"
        case eventCounts = "event_counts", toolCalls = "tool_calls", llmCalls = "llm_calls"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sessionID, forKey: .sessionID)
        try container.encode(point, forKey: .asOf)
        try container.encode(eventCount, forKey: .eventCount)
        try container.encodeIfPresent(lastPosition, forKey: .lastPosition)
        try container.encodeIfPresent(lastRecordedAtMs, forKey: .lastRecordedAtMs)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encodeIfPresent(metadata, forKey: .metadata)
        try container.encodeIfPresent(startedAtMs, forKey: .startedAtMs)
        try container.encodeIfPresent(firstTimestampMs, forKey: .firstTimestampMs)
        try container.encodeIfPresent(lastTimestampMs, forKey: .lastTimestampMs)
        try container.encode(userIDs, forKey: .userIDs)
        try container.encode(agentIDs, forKey: .agentIDs)
        try container.encode(eventCounts, forKey: .eventCounts)
        try container.encode(clears, forKey: .clears)
        try container.encode(messages, forKey: .messages)
        try container.encode(documents, forKey: .documents)
        try container.encode(runs, forKey: .runs)
        try container.encode(executions, forKey: .executions)
        try container.encode(toolCalls, forKey: .toolCalls)
        try container.encode(llmCalls, forKey: .llmCalls)
        try container.encode(usage, forKey: .usage)
        try container.encode(errors, forKey: .errors)
        try container.encode(warnings, forKey: .warnings)
    }
}
