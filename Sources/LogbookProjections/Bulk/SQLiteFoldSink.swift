import GRDB

/// A rebuild's shadow database: a new SQLite file with the tables of the projectors it is
/// built for, without indexes, journal and fsync off (a crash leaves a file that the next
/// rebuild replaces), and their checkpoints. The fold writes rows into it through prepared
/// statements (`RowInserter`); what later batches do to written rows, it applies with SQL.
public final class SQLiteFoldSink: FoldedRowSink {
    public let shadow: DatabaseQueue
    public let tables: Set<String>

    /// Creates the shadow at `path`, which must not exist, for `projectors`, each checkpoint at -1.
    public init(path: String, projectors: [any Projector]) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = OFF")
            try db.execute(sql: "PRAGMA synchronous = OFF")
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        shadow = try DatabaseQueue(path: path, configuration: configuration)
        try shadow.write { db in
            for projector in projectors { try ProjectionEngine.createTables(of: projector, in: db, indexes: false) }
            for statement in ReadModelSchema.checkpoints.tableStatements { try db.execute(sql: statement) }
            for projector in projectors {
                try db.execute(
                    sql: "INSERT INTO projector_checkpoints (name, version, position) VALUES (?, ?, -1)",
                    arguments: [projector.name, projector.version])
            }
        }
        tables = Set(projectors.flatMap(\.schema.tables) + [ReadModelRows.DeletedRun.table])
    }

    public func write(deletions: [FoldedDeletion], rows: [String: [[SQLValue]]], naming: Set<TraceStepsProjector.ToolCall>) throws {
        try shadow.write { db in
            for deletion in deletions {
                for table in tables {
                    guard let (sql, argument) = deletion.statement(for: table) else { continue }
                    try db.execute(sql: sql, arguments: [argument])
                }
            }
            for (table, values) in rows { try insert(values, into: table, in: db) }
            if tables.contains(ReadModelRows.TraceStep.table) { try TraceStepsProjector.nameResults(of: naming, in: db) }
        }
    }

    public func finish(rows: [String: [[SQLValue]]], position: Int64) throws {
        try shadow.write { db in
            for (table, values) in rows { try insert(values, into: table, in: db) }
            if tables.contains(ReadModelRows.TraceStep.table) { try TraceStepsProjector.numberAll(in: db) }
            try db.execute(sql: "UPDATE projector_checkpoints SET position = ?", arguments: [position])
        }
    }

    private func insert(_ rows: [[SQLValue]], into table: String, in db: Database) throws {
        guard !rows.isEmpty else { return }
        let inserter = try RowInserter(db, table: table, columns: ReadModelRows.columns(of: table)!)
        for row in rows { try inserter.insert(row) }
    }
}
