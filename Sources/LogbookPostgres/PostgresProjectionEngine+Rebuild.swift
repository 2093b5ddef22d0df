import Foundation
import GRDB
import LogbookProjections
import PostgresNIO

/// Rebuilding without read downtime.
///
/// The log is folded locally into a SQLite shadow (`ProjectionEngine.fold`, the same
/// projectors), whose tables are copied with `COPY` into a shadow schema
/// (`<schema>_rebuild`) that has no indexes yet. Then one transaction locks the live tables
/// against writers (readers go on), copies the other nodes' rows and checkpoints into the
/// shadow, sets this node's checkpoints to the head the shadow reached, builds the indexes,
/// and swaps the schemas by renaming them. Readers see the old tables until it commits and
/// the new ones after; a crash before the commit leaves the live schema as it was, and the
/// next rebuild starts a new shadow.
///
/// postgres-nio 1.33 offers `COPY` in text format only, so the copy is text (a binary copy
/// would save the server parsing numbers).
///
/// Rows of other nodes are kept as they are; a key that both nodes hold (an agent
/// registered under one name on two nodes) keeps this node's row.
extension PostgresProjectionEngine {
    /// Rebuilds every projector of this node from position 0.
    @discardableResult
    public func rebuild(progress: ((ProjectionProgress) -> Void)? = nil) async throws -> RebuildSummary {
        _ = try prepare()
        let start = Date()
        let shadowPath = reader.directory + "/projections.postgres-rebuild.sqlite"
        try? FileManager.default.removeItem(atPath: shadowPath)
        defer { try? FileManager.default.removeItem(atPath: shadowPath) }
        let head = try reader.head()
        let events = try ProjectionEngine.fold(
            reader, until: head, projectors: projectors, into: shadowPath, options: options, progress: progress, start: start)
        let loaded = Date()
        let shadow = try DatabaseQueue(path: shadowPath)
        let tables = try projectors.flatMap { try PostgresSchema.schema(of: $0).tables } + ["deleted_runs"]
        try createShadowSchema()
        for table in tables { try await copy(table, from: shadow) }
        try shadow.close()
        try swapIn(tables: tables, position: Int64(events) - 1)
        let summary = RebuildSummary(
            projectors: projectors.map(\.name), events: events, loadSeconds: loaded.timeIntervalSince(start),
            swapSeconds: Date().timeIntervalSince(loaded), head: UInt64(events))
        logger.info("rebuilt the PostgreSQL projections", metadata: [
            "node": "\(location.nodeID)", "events": "\(events)", "events_per_second": "\(Int(summary.eventsPerSecond))",
        ])
        return summary
    }

    private func createShadowSchema() throws {
        let shadow = location.shadowSchema
        _ = try sink.query("DROP SCHEMA IF EXISTS \(shadow) CASCADE")
        _ = try sink.query("CREATE SCHEMA \(shadow)")
        _ = try sink.query("SET search_path TO \(shadow)")
        for projector in projectors {
            for statement in try PostgresSchema.schema(of: projector).tableStatements { _ = try sink.query(statement) }
        }
        for statement in PostgresSchema.checkpoints.tableStatements { _ = try sink.query(statement) }
        _ = try sink.query("SET search_path TO \(location.schema)")
    }

    /// Streams `table` from the SQLite shadow into the shadow schema with `COPY`: a thread
    /// reads the rows into chunks, a few ahead of the connection.
    private func copy(_ table: String, from shadow: DatabaseQueue) async throws {
        let columns = try await shadow.read { db in try db.columns(in: table).map(\.name) }
        let chunks = CopyChunks(shadow: shadow, table: table, columns: columns)
        _ = try sink.query("SET search_path TO \(location.shadowSchema)")
        defer { _ = try? sink.query("SET search_path TO \(location.schema)") }
        do {
            defer { chunks.stop() }
            try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                for try await chunk in chunks.chunks {
                    chunks.took()
                    try await writer.write(chunk)
                }
            }
        } catch let error as PostgresProjectionError {
            throw error
        } catch {
            throw PostgresProjectionError.server(error, doing: "COPY \(table)")
        }
    }

    /// The swap, in one transaction.
    private func swapIn(tables: [String], position: Int64) throws {
        let live = location.schema
        let shadow = location.shadowSchema
        let node = SQLValue.text(location.nodeID)
        try inDDLTransaction {
            let liveTables = Set(try sink.query(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1", [.text(live)])
                .map { try $0.decode(String.self) })
            for table in tables + ["projector_checkpoints", "projected_log"] where liveTables.contains(table) {
                sink.send(postgres: "LOCK TABLE \(live).\(table) IN EXCLUSIVE MODE")
            }
            for table in tables where liveTables.contains(table) {
                let columns = try sink.query(
                    """
                    SELECT column_name::text FROM information_schema.columns
                    WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' ORDER BY ordinal_position
                    """, [.text(shadow), .text(table)]).map { try $0.decode(String.self) }.joined(separator: ", ")
                sink.send(postgres: """
                    INSERT INTO \(shadow).\(table) (\(columns)) SELECT \(columns) FROM \(live).\(table) WHERE node_id <> $1
                    ON CONFLICT DO NOTHING
                    """, [node])
            }
            if liveTables.contains("projector_checkpoints") {
                sink.send(postgres: "INSERT INTO \(shadow).projector_checkpoints SELECT * FROM \(live).projector_checkpoints WHERE node_id <> $1", [node])
                sink.send(postgres: "INSERT INTO \(shadow).projected_log SELECT * FROM \(live).projected_log", [])
            }
            for projector in projectors {
                sink.send(
                    postgres: "INSERT INTO \(shadow).projector_checkpoints (node_id, name, version, position) VALUES ($1, $2, $3, $4)",
                    [node, .text(projector.name), .integer(Int64(projector.version)), .integer(position)])
            }
            sink.send(postgres: "SET LOCAL search_path TO \(shadow)")
            for projector in projectors {
                for statement in try PostgresSchema.schema(of: projector).indexStatements { sink.send(postgres: statement) }
            }
            if !liveTables.isEmpty {
                sink.send(postgres: "ALTER SCHEMA \(live) RENAME TO \(live)_replaced")
            }
            sink.send(postgres: "ALTER SCHEMA \(shadow) RENAME TO \(live)")
            if !liveTables.isEmpty {
                sink.send(postgres: "DROP SCHEMA \(live)_replaced CASCADE")
            }
        }
        _ = try sink.query("SET search_path TO \(live)")
        for projector in projectors { checkpoints[projector.name] = position }
    }
}

