import CSQLite
import LogbookCore
import LogbookJSON

/// The obvious alternative to Logbook: one SQLite `events` table in WAL mode with
/// `synchronous=FULL` (every commit is on disk, as an acknowledged Logbook append is) and an
/// index per column a reader filters on. Lines are parsed with the same envelope scanner
/// that Logbook's ingest uses, so the two differ only in how they store.
public final class SQLiteEventsTable {
    public static let schema = """
        CREATE TABLE IF NOT EXISTS events (
            id TEXT PRIMARY KEY,
            event_type TEXT,
            session_id TEXT,
            trace_id TEXT,
            user_id TEXT,
            agent_id TEXT,
            timestamp_ms INTEGER,
            payload TEXT
        );
        CREATE INDEX IF NOT EXISTS events_session_id ON events(session_id);
        CREATE INDEX IF NOT EXISTS events_timestamp_ms ON events(timestamp_ms);
        CREATE INDEX IF NOT EXISTS events_event_type ON events(event_type);
        """

    /// How the table is set up, as the bench reports it next to its rows.
    public static let settings = "WAL, synchronous=FULL, default page cache"

    public static var sqliteVersion: String { SQLiteDatabase.version }

    public let path: String
    private let database: SQLiteDatabase

    /// Opens (creating if needed) the database at `path` with the bench's settings;
    /// `synchronous` other than FULL is for tables whose loading is not measured.
    public init(path: String, synchronous: String = "FULL") throws(BenchError) {
        self.path = path
        database = try SQLiteDatabase(path: path)
        try database.execute("PRAGMA journal_mode=WAL")
        try database.execute("PRAGMA synchronous=\(synchronous)")
        try database.execute(Self.schema)
    }

    /// Inserts every line of the JSONL file at `jsonl`, committing every `rowsPerTransaction`
    /// rows. A row whose id is already there is skipped, as Logbook skips a duplicate id.
    /// Returns the lines inserted.
    @discardableResult
    public func ingest(jsonl: String, rowsPerTransaction: Int = 1000) throws(BenchError) -> Int {
        precondition(rowsPerTransaction > 0, "rowsPerTransaction must be at least 1")
        let insert = try database.prepare("""
            INSERT OR IGNORE INTO events (id, event_type, session_id, trace_id, user_id, agent_id, timestamp_ms, payload)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """)
        var rows = 0
        var inTransaction = 0
        var failure: BenchError?
        do {
            try LineReaders.open(jsonl).forEachLine { line, number in
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return true }
                do {
                    let envelope: JSONLineEnvelope
                    do throws(EnvelopeError) {
                        envelope = try EnvelopeScanner.scan(line)
                    } catch {
                        throw BenchError("\(jsonl) line \(number): \(error.message)")
                    }
                    guard let payload = envelope.payload else { throw BenchError("\(jsonl) line \(number): no payload") }
                    if inTransaction == 0 { try database.execute("BEGIN") }
                    insert.bind(1, envelope.id ?? LogUUID.random().description)
                    insert.bind(2, envelope.eventType)
                    insert.bind(3, envelope.sessionID)
                    insert.bind(4, envelope.traceID)
                    insert.bind(5, envelope.userID)
                    insert.bind(6, envelope.agentID)
                    insert.bind(7, envelope.timestampMs)
                    insert.bindStatic(8, UnsafeRawBufferPointer(rebasing: line[payload]))
                    _ = try insert.step()
                    insert.reset()
                    rows += 1
                    inTransaction += 1
                    if inTransaction == rowsPerTransaction {
                        try database.execute("COMMIT")
                        inTransaction = 0
                    }
                    return true
                } catch let error as BenchError {
                    failure = error
                    return false
                }
            }
        } catch {
            throw BenchError("cannot read \(jsonl): \(error)")
        }
        if let failure {
            try? database.execute("ROLLBACK")
            throw failure
        }
        if inTransaction > 0 { try database.execute("COMMIT") }
        return rows
    }

    /// Moves the WAL into the database file and truncates it.
    public func checkpoint() throws(BenchError) {
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// The database file plus its WAL, in bytes.
    public var bytesOnDisk: Int {
        BenchFiles.fileSize(path) + BenchFiles.fileSize(path + "-wal")
    }

    public func rowCount() throws(BenchError) -> Int {
        Int(try database.integer("SELECT count(*) FROM events"))
    }

    /// The ids in the table, for checks.
    public func ids() throws(BenchError) -> Set<String> {
        let statement = try database.prepare("SELECT id FROM events")
        var ids = Set<String>()
        while try statement.step() {
            ids.insert(String(cString: sqlite3_column_text(statement.handle, 0)))
        }
        return ids
    }

    /// Steps through `SELECT * FROM events ORDER BY rowid`, reading every column of every row
    /// (text columns as pointer and length, without copying them). Returns the rows read and
    /// the text bytes seen.
    public func scanAll() throws(BenchError) -> (rows: Int, bytes: Int) {
        let statement = try database.prepare("SELECT * FROM events ORDER BY rowid")
        return try readRows(statement)
    }

    /// A prepared `SELECT * FROM events WHERE session_id = ? ORDER BY timestamp_ms`.
    public func sessionQuery() throws(BenchError) -> SessionQuery {
        SessionQuery(statement: try database.prepare("SELECT * FROM events WHERE session_id = ?1 ORDER BY timestamp_ms"))
    }

    public struct SessionQuery {
        fileprivate let statement: SQLiteStatement

        /// Reads every column of the session's rows; returns the rows read and the text bytes seen.
        public func run(session: String) throws(BenchError) -> (rows: Int, bytes: Int) {
            statement.bind(1, session)
            defer { statement.reset() }
            return try readRows(statement)
        }
    }

    public func close() {
        database.close()
    }
}

/// Reads every column of every row a statement yields: integers as values, text as pointer
/// and length plus its last byte (so the bytes are really there, overflow pages included).
private func readRows(_ statement: SQLiteStatement) throws(BenchError) -> (rows: Int, bytes: Int) {
    var rows = 0
    var bytes = 0
    var digest: UInt64 = 0
    let columns = sqlite3_column_count(statement.handle)
    while try statement.step() {
        for column in 0..<columns {
            if sqlite3_column_type(statement.handle, column) == SQLITE_INTEGER {
                digest &+= UInt64(bitPattern: sqlite3_column_int64(statement.handle, column))
            } else if let text = sqlite3_column_text(statement.handle, column) {
                let count = Int(sqlite3_column_bytes(statement.handle, column))
                bytes += count
                if count > 0 { digest &+= UInt64(text[count - 1]) }
            }
        }
        rows += 1
    }
    blackHole(digest)
    return (rows, bytes)
}
