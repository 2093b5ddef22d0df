import GRDB
import LogbookCatalogue

/// `messages`: a session's conversation messages, in session order.
public struct MessagesProjector: Projector {
    public let name = "messages"
    public let version = 1
    public let schemaFile = "messages"

    public init() {}

    public func apply(_ event: ProjectedEvent, in db: Database) throws {
        guard event.type == EventType.messageAdded, let session = event.sessionID, let role = event.string("role") else { return }
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO messages (event_id, session_id, session_seq, role, content, name, tool_call_id,
                tool_calls, timestamp, last_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                event.eventID, session, Int64(event.event.sessionSeq), role, event.text("content"),
                event.string("name"), event.string("tool_call_id"), event.json("tool_calls"),
                event.timestampMs, event.position,
            ])
    }
}
