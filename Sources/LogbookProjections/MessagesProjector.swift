import LogbookCatalogue
import LogbookCore

/// `messages`: a session's conversation messages, in session order, each kept as sent
/// (`message`) beside a readable `text`. A `message.removed` drops the message it names,
/// also when it arrives first (`message_removals` remembers it).
public struct MessagesProjector: Projector {
    public let name = "messages"
    public let version = 3
    public let schemaFile = "messages"

    public init() {}

    public func apply(_ event: ProjectedEvent, to db: any ProjectionSQL) throws {
        switch event.type {
        case EventType.messageAdded: try added(event, db)
        case EventType.messageRemoved: try removed(event, db)
        default: break
        }
    }

    private func added(_ event: ProjectedEvent, _ db: any ProjectionSQL) throws {
        guard let session = event.sessionID else { return }
        let removed = try db.exists("SELECT 1 FROM message_removals WHERE removed_event_id = ?", [event.eventID])
        guard !removed else { return }
        try db.execute("""
            INSERT OR IGNORE INTO messages (event_id, session_id, session_seq, role, item_type, text, content, name,
                tool_call_id, tool_calls, message, timestamp, last_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                event.eventID, session, Int64(event.event.sessionSeq), event.string("role"), event.string("type"),
                MessageText.of(.object(event.payload)), event.text("content"), event.string("name"),
                event.string("tool_call_id") ?? event.string("call_id"), event.json("tool_calls"),
                String(decoding: event.event.payload, as: UTF8.self), event.timestampMs, event.position,
            ])
    }

    private func removed(_ event: ProjectedEvent, _ db: any ProjectionSQL) throws {
        guard let named = event.string("event_id") else { return }
        let target = LogUUID(named)?.description ?? named.lowercased()
        try db.execute("""
            INSERT INTO message_removals (removed_event_id, session_id, event_id, reason, timestamp, last_position)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (removed_event_id) DO UPDATE SET
                session_id = excluded.session_id, event_id = excluded.event_id, reason = excluded.reason,
                timestamp = excluded.timestamp, last_position = excluded.last_position
            WHERE (excluded.timestamp, excluded.event_id) < (message_removals.timestamp, message_removals.event_id)
            """, [target, event.sessionID, event.eventID, event.text("reason"), event.timestampMs, event.position])
        try db.execute("DELETE FROM messages WHERE event_id = ?", [target])
    }
}
