import GRDB

/// One session in a list of sessions (`query sessions`), with what its messages and runs add up to.
public struct SessionRow: QueryRow, Equatable {
    /// A session's status, derived from its runs: `running` while one is open (running or
    /// pending), else `error` when one failed, else `cancelled` when one was, else `completed`.
    /// A session without runs has none.
    public enum Status: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case running, error, cancelled, completed
    }

    public var sessionID: String
    public var userID: String?
    public var title: String?
    public var startedAt: Int64?
    public var lastEventAt: Int64
    public var eventCount: Int64
    public var clearedAt: Int64?
    /// The `message.added` events of the session (before any clear too).
    public var messageCount: Int64
    public var runCount: Int64
    /// The agents of its runs (by name, else id), in the order their runs started.
    public var agents: String?
    public var status: Status?
    public var inputTokens: Int64
    public var outputTokens: Int64
    /// The known costs of its runs' LLM calls; nil when none was priced.
    public var costUSD: Double?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case sessionID = "session_id", userID = "user_id", title, startedAt = "started_at"
        case lastEventAt = "last_event_at", eventCount = "event_count", clearedAt = "cleared_at"
        case messageCount = "message_count", runCount = "run_count", agents, status
        case inputTokens = "input_tokens", outputTokens = "output_tokens", costUSD = "cost_usd"
    }
    public typealias Columns = CodingKeys
}
