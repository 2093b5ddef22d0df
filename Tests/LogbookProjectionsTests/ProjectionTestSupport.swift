import Foundation
import GRDB
import LogbookCatalogue
import LogbookCore
import LogbookProjections
import LogbookTestSupport
import LogbookWorkload
import Logging

/// A store in a temporary directory holding `drafts`, and its projections.
final class ProjectionFixture: Sendable {
    let directory: TemporaryDirectory
    let store: String
    let log: EventLog

    init(_ drafts: [EventDraft], segmentBytes: Int = 256 << 10) async throws {
        directory = TemporaryDirectory("projections")
        store = directory.appending("store")
        var options = LogOptions()
        options.payloadCheck = EventCatalogue.problem
        options.segmentBytes = segmentBytes
        options.durability = .none
        log = try EventLog.open(directory: store, options: options, logger: Logger(label: "projection-tests"))
        var start = 0
        while start < drafts.count {
            let end = min(drafts.count, start + 500)
            _ = try await log.append(Array(drafts[start..<end]))
            start = end
        }
    }

    deinit {
        log.close()
    }

    /// An engine on this store's projections (one at a time: it holds the writer lock). It
    /// applies events batch by batch from the start unless `bulk`: these tests are about
    /// the batches.
    func engine(
        projectors: [any Projector] = Projectors.all, batchSize: Int = 1_000, rebuildBatchSize: Int = 5_000, bulk: Bool = false,
        interruption: (@Sendable (Int, Int) throws -> Void)? = nil
    ) throws -> ProjectionEngine {
        var options = ProjectionOptions()
        options.batchSize = batchSize
        options.rebuildBatchSize = rebuildBatchSize
        options.interruption = interruption
        let engine = try ProjectionEngine(reader: log.reader, projectors: projectors, options: options, logger: Logger(label: "projection-tests"))
        engine.bulkLoadWhenEmpty = bulk
        return engine
    }

    var databasePath: String { ProjectionEngine.databasePath(store: store) }

    /// A read-only connection to the projections, as a query process would open it.
    func readOnly() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: databasePath, configuration: configuration)
    }
}

/// The read-model tables and the columns that depend on arrival order (positions).
enum Tables {
    static let all = [
        "agent_runs", "agent_executions", "llm_interactions", "documents", "sessions", "agents", "trace_steps",
        "messages", "run_states", "message_removals", "handoffs", "guardrail_results", "interruptions", "mcp_tool_listings",
        "run_logs", "deleted_runs",
    ]

    /// Every row of `table` as text, sorted, without the columns in `excluding`.
    static func dump(_ table: String, in db: Database, excluding: Set<String> = []) throws -> [String] {
        try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { row in
            row.columnNames.filter { !excluding.contains($0) }.map { name in
                "\(name)=\(row[name] as DatabaseValue)"
            }.joined(separator: "|")
        }.sorted()
    }

    /// All tables, by name.
    static func dumpAll(_ db: DatabaseQueue, excluding: Set<String> = []) throws -> [String: [String]] {
        try db.read { db in
            var result: [String: [String]] = [:]
            for table in all { result[table] = try dump(table, in: db, excluding: excluding) }
            return result
        }
    }
}

/// The repository's `schemas/` folder, found from this file.
let schemasDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("schemas")
