import GRDB
import LogbookCatalogue

/// `messages`: a session's conversation messages, in session order, each kept as sent
/// (`message`) beside a readable `text`.
public struct MessagesProjector: Projector {
    public let name = "messages"
    public let version = 2
    public let schemaFile = "messages"

    public init() {}

    public func apply(_ event: ProjectedEvent, in db: Database) throws {
        guard event.type == EventType.messageAdded, let session = event.sessionID else { return }
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO messages (event_id, session_id, session_seq, role, item_type, text, content, name,
                tool_call_id, tool_calls, message, timestamp, last_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                event.eventID, session, Int64(event.event.sessionSeq), event.string("role"), event.string("type"),
                MessageText.of(.object(event.payload)), event.text("content"), event.string("name"),
                event.string("tool_call_id") ?? event.string("call_id"), event.json("tool_calls"),
                String(decoding: event.event.payload, as: UTF8.self), event.timestampMs, event.position,
            ])
    }
}
