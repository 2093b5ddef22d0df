import LogbookCatalogue

/// `documents`: one row per retrieved document.
public struct DocumentsProjector: Projector {
    public let name = "documents"
    public let version = 2
    public let schemaFile = "documents"

    public init() {}

    public func apply(_ event: ProjectedEvent, to db: any ProjectionSQL) throws {
        guard event.type == EventType.documentRetrieved || event.type == EventType.runDeleted,
              try !RunDeletion.handled(event, tables: ["documents"], in: db) else { return }
        try db.execute("""
            INSERT OR IGNORE INTO documents (event_id, session_id, run_id, title, content, content_type, source_url,
                metadata, timestamp, last_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                event.eventID, event.sessionID, event.traceID, event.text("title"), event.text("content"),
                event.string("content_type"), event.string("source_url"), event.json("metadata"),
                event.timestampMs, event.position,
            ])
    }
}
