import LogbookCatalogue

/// `sessions`: every event of a session counts; the earliest session.started by
/// `(timestamp_ms, event id)` gives its title, metadata and start; the latest
/// session.cleared its cleared_at; `user_id` is the earliest event's that carries one.
public struct SessionsProjector: Projector {
    public let name = "sessions"
    public let version = 3
    public let schemaFile = "sessions"

    public init() {}

    public func apply(_ event: ProjectedEvent, to db: any ProjectionSQL) throws {
        guard let session = event.sessionID else { return }
        try db.execute("""
            INSERT INTO sessions (session_id, user_id, user_id_from, last_event_at, event_count, last_position)
            VALUES (?, ?, ?, ?, 1, ?)
            ON CONFLICT (session_id) DO UPDATE SET
                \(EarliestValue.assignments("user_id", table: "sessions")),
                last_event_at = max(sessions.last_event_at, excluded.last_event_at),
                event_count = sessions.event_count + 1,
                last_position = max(sessions.last_position, excluded.last_position)
            """, [
                session, event.event.userID, event.event.userID == nil ? nil : event.orderKey, event.timestampMs, event.position,
            ])
        switch event.type {
        case EventType.sessionStarted:
            try db.execute("""
                UPDATE sessions SET title = ?, metadata = ?, started_at = ?, started_event_id = ?
                WHERE session_id = ? AND (started_at IS NULL OR (started_at, started_event_id) > (?, ?))
                """, [
                    event.text("title"), event.json("metadata"), event.timestampMs, event.eventID,
                    session, event.timestampMs, event.eventID,
                ])
        case EventType.sessionCleared:
            try db.execute("""
                UPDATE sessions SET cleared_at = max(coalesce(cleared_at, ?), ?) WHERE session_id = ?
                """, [event.timestampMs, event.timestampMs, session])
        default:
            break
        }
    }
}
