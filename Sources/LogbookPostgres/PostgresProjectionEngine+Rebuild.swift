import Foundation
import LogbookCore
import LogbookProjections
import PostgresNIO

/// Rebuilding without read downtime.
///
/// The log is folded in memory (`ProjectionEngine.fold`, the projectors' rules) on a thread
/// of its own, and its rows are copied with `COPY` into a shadow schema
/// (`<schema>_rebuild`) that has no indexes yet, chunk by chunk while the fold goes on
/// (`PostgresFoldSink`). Then one transaction locks the live tables against writers (readers
/// go on), copies the other nodes' rows and checkpoints into the shadow, sets this node's
/// checkpoints to the head the shadow reached, builds the indexes, and swaps the schemas by
/// renaming them. Readers see the old tables until it commits and the new ones after; a
/// crash before the commit leaves the live schema as it was, and the next rebuild starts a
/// new shadow.
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
        let head = try reader.head()
        let tables = try projectors.flatMap { try PostgresSchema.schema(of: $0).tables } + ["deleted_runs"]
        try createShadowSchema()
        let events = try await load(Set(tables), until: head, progress: progress, start: start)
        let loaded = Date()
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

    /// Folds the events below `head` on a thread of its own and loads the rows of `tables`
    /// into the shadow schema as they come. Returns the number of events folded.
    private func load(_ tables: Set<String>, until head: UInt64, progress: ((ProjectionProgress) -> Void)?, start: Date) async throws -> Int {
        let stepsPath = reader.directory + "/projections.postgres-rebuild.sqlite"
        try? FileManager.default.removeItem(atPath: stepsPath)
        defer { try? FileManager.default.removeItem(atPath: stepsPath) }
        let feed = CopyFeed()
        let fold = Fold(reader: reader, head: head, prices: prices, options: options, progress: progress, start: start)
        let rows = try PostgresFoldSink(tables: tables, stepsPath: stepsPath, stepsProjector: TraceStepsProjector(prices: prices), feed: feed)
        let folded = Task<Int, any Error> {
            try await withCheckedThrowingContinuation { continuation in
                Thread {
                    let result = Result { try fold.run(into: rows) }
                    if case .failure(let error) = result { feed.finish(throwing: error) } else { feed.finish() }
                    continuation.resume(with: result)
                }.start()
            }
        }
        _ = try sink.query("SET search_path TO \(location.shadowSchema)")
        do {
            defer { feed.stop() }
            for try await step in feed.steps {
                feed.took()
                try await send(step)
            }
        } catch {
            _ = try? await folded.value
            _ = try? sink.query("SET search_path TO \(location.schema)")
            throw error
        }
        _ = try sink.query("SET search_path TO \(location.schema)")
        return try await folded.value
    }

    private func send(_ step: CopyFeed.Step) async throws {
        switch step {
        case .copy(let table, let columns, let data):
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in try await writer.write(data) }
            } catch {
                throw PostgresProjectionError.server(error, doing: "COPY \(table)")
            }
        case .statement(let sql, let arguments):
            do {
                try await connection.query(PostgresSink.query(sql, arguments), logger: logger)
            } catch {
                throw PostgresProjectionError.server(error, doing: sql)
            }
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

/// What the fold's thread needs, handed over whole: only that thread uses it.
private struct Fold: @unchecked Sendable {
    let reader: LogReader
    let head: UInt64
    let prices: PriceTable
    let options: ProjectionOptions
    let progress: ((ProjectionProgress) -> Void)?
    let start: Date

    func run(into sink: PostgresFoldSink) throws -> Int {
        try ProjectionEngine.fold(reader, until: head, prices: prices, into: sink, options: options, progress: progress, start: start)
    }
}

