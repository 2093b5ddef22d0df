import GRDB
import LogbookProjections
import NIOCore

/// The rows of a rebuild's fold on their way into the shadow schema: as `COPY` text, each
/// table's rows gathered to about a megabyte per `COPY`, sent through a `CopyFeed` while the
/// fold goes on. Before the fold's SQLite shadow was copied out whole, a second pass over
/// every row; now the server loads each chunk while the next batches are folded.
///
/// Trace steps go through a local SQLite shadow (`SQLiteFoldSink`) first: later batches name
/// their tool results, and the end numbers them, which there is one SQL pass each and in
/// PostgreSQL would rewrite the rows. They are copied once the fold has numbered them. A
/// run's deletion or a message's removal that meets rows already sent goes as a `DELETE`,
/// after that table's rows gathered so far.
final class PostgresFoldSink: FoldedRowSink, @unchecked Sendable {
    let tables: Set<String>
    private let feed: CopyFeed
    private let steps: SQLiteFoldSink
    private var gathered: [String: [UInt8]] = [:]
    private static let chunkBytes = 1 << 20

    /// A sink for `tables`, with its trace steps in a new SQLite shadow at `stepsPath` folded
    /// for `stepsProjector`.
    init(tables: Set<String>, stepsPath: String, stepsProjector: any Projector, feed: CopyFeed) throws {
        self.tables = tables
        self.feed = feed
        steps = try SQLiteFoldSink(path: stepsPath, projectors: [stepsProjector])
    }

    func write(deletions: [FoldedDeletion], rows: [String: [[SQLValue]]], naming: Set<TraceStepsProjector.ToolCall>) throws {
        for deletion in deletions {
            for table in tables where table != ReadModelRows.TraceStep.table {
                guard let (sql, argument) = deletion.statement(for: table) else { continue }
                try send(table)
                try feed.send(.statement(PostgresDialect.translate(sql), [.text(argument)]))
            }
        }
        for (table, values) in rows where table != ReadModelRows.TraceStep.table {
            try gather(values, of: table)
        }
        try steps.write(deletions: deletions, rows: rows.filter { $0.key == ReadModelRows.TraceStep.table }, naming: naming)
    }

    func finish(rows: [String: [[SQLValue]]], position: Int64) throws {
        for (table, values) in rows { try gather(values, of: table) }
        for table in gathered.keys { try send(table) }
        try steps.finish(rows: [:], position: position)
        if tables.contains(ReadModelRows.TraceStep.table) { try copySteps() }
        try steps.shadow.close()
    }

    private func gather(_ rows: [[SQLValue]], of table: String) throws {
        guard let columns = ReadModelRows.columns(of: table) else { return }
        var text = gathered.removeValue(forKey: table) ?? []
        for row in rows { try add(row, of: table, columns: columns, to: &text) }
        gathered[table] = text
    }

    /// Appends `row` to `table`'s text as a `COPY` line, and sends the text once it reaches a chunk.
    private func add(_ row: [SQLValue], of table: String, columns: [String], to text: inout [UInt8]) throws {
        try Self.appendLine(row, table: table, columns: columns, to: &text)
        guard text.count >= Self.chunkBytes else { return }
        try feed.send(.copy(table: table, columns: columns, data: ByteBuffer(bytes: text)))
        text.removeAll(keepingCapacity: true)
    }

    /// Sends what is gathered of `table`.
    private func send(_ table: String) throws {
        guard let text = gathered.removeValue(forKey: table), !text.isEmpty, let columns = ReadModelRows.columns(of: table) else { return }
        try feed.send(.copy(table: table, columns: columns, data: ByteBuffer(bytes: text)))
    }

    /// Sends the trace steps from their SQLite file.
    private func copySteps() throws {
        let table = ReadModelRows.TraceStep.table
        let columns = ReadModelRows.TraceStep.columns
        let select = "SELECT " + columns.map { "\"\($0)\"" }.joined(separator: ", ") + " FROM \(table)"
        var text: [UInt8] = []
        try steps.shadow.read { db in
            let rows = try Row.fetchCursor(db, sql: select)
            while let row = try rows.next() {
                try add(columns.indices.map { Self.value(row[$0]) }, of: table, columns: columns, to: &text)
            }
        }
        gathered[table] = text
        try send(table)
    }

    /// One `COPY` text line: the fields tab-separated.
    private static func appendLine(_ row: [SQLValue], table: String, columns: [String], to text: inout [UInt8]) throws {
        for (index, value) in row.enumerated() {
            if index > 0 { text.append(UInt8(ascii: "\t")) }
            guard PostgresText.appendCopyField(value, to: &text) else {
                throw PostgresProjectionError.unsupportedValue(
                    table: table, column: columns[index], reason: "the value is a blob or holds a NUL character, which PostgreSQL's text cannot")
            }
        }
        text.append(UInt8(ascii: "\n"))
    }

    private static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let real): .real(real)
        case .string(let string): .text(string)
        case .blob: .text("\0")
        }
    }
}
