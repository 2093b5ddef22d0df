import CSQLite
import LogbookCore

/// The obvious alternative to the log: one SQLite table of events, indexed by session.
final class SQLiteEventTable {
    private var db: OpaquePointer?
    private var insert: OpaquePointer?
    private var query: OpaquePointer?
    /// SQLITE_TRANSIENT: SQLite copies what is bound.
    private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(path: String) throws {
        try check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil), "open \(path)")
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = NORMAL")
        try execute("""
            CREATE TABLE events(id TEXT PRIMARY KEY, session_id TEXT, trace_id TEXT, event_type TEXT, timestamp_ms INTEGER, payload TEXT);
            CREATE INDEX events_session ON events(session_id);
            """)
        try check(sqlite3_prepare_v2(db, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", -1, &insert, nil), "prepare insert")
        try check(sqlite3_prepare_v2(
            db, "SELECT rowid, id, session_id, trace_id, event_type, timestamp_ms, payload FROM events WHERE session_id = ? ORDER BY timestamp_ms",
            -1, &query, nil), "prepare query")
    }

    deinit {
        sqlite3_finalize(insert)
        sqlite3_finalize(query)
        sqlite3_close_v2(db)
    }

    func execute(_ sql: String) throws {
        try check(sqlite3_exec(db, sql, nil, nil, nil), sql)
    }

    /// Inserts a batch in one transaction, as an ingest into SQLite would.
    func insert(_ drafts: [EventDraft]) throws {
        try execute("BEGIN")
        for draft in drafts {
            sqlite3_bind_text(insert, 1, draft.id.description, -1, transient)
            if let session = draft.sessionID {
                sqlite3_bind_text(insert, 2, session.description, -1, transient)
            } else {
                sqlite3_bind_null(insert, 2)
            }
            sqlite3_bind_text(insert, 3, draft.traceID.description, -1, transient)
            sqlite3_bind_text(insert, 4, draft.eventType, -1, transient)
            sqlite3_bind_int64(insert, 5, draft.timestampMs)
            draft.payload.withUnsafeBufferPointer { bytes in
                _ = sqlite3_bind_text(insert, 6, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
            }
            try check(sqlite3_step(insert), "insert", expect: SQLITE_DONE)
            sqlite3_reset(insert)
        }
        try execute("COMMIT")
    }

    /// The session's rows as events (rowid standing in for the position), in timestamp order.
    func events(session: LogUUID) throws -> [RecordedEvent] {
        defer { sqlite3_reset(query) }
        sqlite3_bind_text(query, 1, session.description, -1, transient)
        var events: [RecordedEvent] = []
        while true {
            let status = sqlite3_step(query)
            if status == SQLITE_DONE { break }
            try check(status, "query", expect: SQLITE_ROW)
            events.append(RecordedEvent(
                position: UInt64(sqlite3_column_int64(query, 0)), sessionSeq: UInt64(events.count + 1),
                recordedAtMs: sqlite3_column_int64(query, 5), id: LogUUID(text(1))!, eventType: text(4),
                sessionID: LogUUID(text(2)), traceID: LogUUID(text(3))!, userID: nil, agentID: nil,
                timestampMs: sqlite3_column_int64(query, 5), payload: bytes(6)))
        }
        return events
    }

    private func text(_ column: Int32) -> String {
        String(decoding: bytes(column), as: UTF8.self)
    }

    private func bytes(_ column: Int32) -> [UInt8] {
        guard let pointer = sqlite3_column_text(query, column) else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(query, column))))
    }

    private func check(_ status: Int32, _ what: String, expect: Int32 = SQLITE_OK) throws {
        guard status == expect else {
            throw BenchmarkError("sqlite: \(what) failed: \(String(cString: sqlite3_errmsg(db)))")
        }
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
