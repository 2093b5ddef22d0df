import CSQLite

/// A thin owner of an `sqlite3` connection: open, run SQL, prepare statements. Errors carry
/// SQLite's own message.
final class SQLiteDatabase {
    let path: String
    private(set) var handle: OpaquePointer?

    init(path: String) throws(BenchError) {
        self.path = path
        var db: OpaquePointer?
        let code = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw BenchError("cannot open the SQLite database \(path): \(message)")
        }
        handle = db
    }

    /// The linked SQLite's version, e.g. "3.40.1".
    static var version: String { String(cString: sqlite3_libversion()) }

    func execute(_ sql: String) throws(BenchError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "code \(code)"
            sqlite3_free(message)
            throw BenchError("SQLite failed on `\(sql)`: \(text)")
        }
    }

    /// The first column of the first row of `sql`, as an integer.
    func integer(_ sql: String) throws(BenchError) -> Int64 {
        let statement = try prepare(sql)
        guard try statement.step() else { throw BenchError("SQLite returned no row for `\(sql)`") }
        return sqlite3_column_int64(statement.handle, 0)
    }

    /// The first column of the first row of `sql`, as text.
    func text(_ sql: String) throws(BenchError) -> String {
        let statement = try prepare(sql)
        guard try statement.step(), let text = sqlite3_column_text(statement.handle, 0) else {
            throw BenchError("SQLite returned no row for `\(sql)`")
        }
        return String(cString: text)
    }

    func prepare(_ sql: String) throws(BenchError) -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw BenchError("SQLite cannot prepare `\(sql)`: \(errorMessage)")
        }
        return SQLiteStatement(handle: statement, database: self)
    }

    var errorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func close() {
        guard let handle else { return }
        sqlite3_close_v2(handle)
        self.handle = nil
    }

    deinit {
        close()
    }
}

/// A prepared statement; finalized when released.
final class SQLiteStatement {
    let handle: OpaquePointer
    private let database: SQLiteDatabase

    init(handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    /// Steps once: true when a row is ready, false when the statement is done.
    func step() throws(BenchError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw BenchError("SQLite failed to step `\(String(cString: sqlite3_sql(handle)))`: \(database.errorMessage)")
        }
    }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds UTF-8 text that SQLite copies; nil binds NULL.
    func bind(_ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    _ = sqlite3_bind_text(handle, index, base, Int32(chars.count), sqliteTransient)
                } else {
                    _ = sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
                }
            }
        }
    }

    /// Binds bytes that must stay valid until the statement is stepped and reset.
    func bindStatic(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        if let base = bytes.baseAddress {
            _ = sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
        } else {
            _ = sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
        }
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    deinit {
        sqlite3_finalize(handle)
    }
}

/// SQLite's SQLITE_TRANSIENT: copy the bound bytes now.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
