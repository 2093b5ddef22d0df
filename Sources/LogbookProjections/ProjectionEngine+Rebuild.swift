import Foundation
import GRDB
import LogbookCore

/// Rebuilding without downtime.
///
/// The projectors are folded from position 0 into a shadow database file
/// (`projections.rebuild.sqlite`, journal and fsync off, tables without their indexes,
/// batches of `rebuildBatchSize`), while `projections.sqlite` keeps answering queries. Then,
/// in one transaction on the live database, the shadow is attached, each rebuilt table is
/// dropped, recreated from `schemas/`, filled from the shadow, indexed, and the projector's
/// checkpoint set to the head the shadow reached; the shadow's run tombstones
/// (`deleted_runs`, which every projector shares) join the live ones. Readers (WAL) see the
/// old tables until that transaction commits and the new ones after; a crash before the commit leaves the
/// old tables and checkpoints as they were, and the next rebuild starts a fresh shadow.
///
/// Why not rename the shadow file over the live one: a reader that has the live file open
/// keeps its WAL and shared-memory index by name, so after a rename it would share them
/// with the new file and could read the new file's pages as the old one's. Copying inside
/// one transaction costs a pass over the rows, but keeps the swap atomic for every reader.
extension ProjectionEngine {
    public static func shadowPath(store directory: String) -> String {
        directory + "/projections.rebuild.sqlite"
    }

    /// Rebuilds the projectors named `names` (all when nil) from position 0.
    @discardableResult
    public func rebuild(names: [String]? = nil, progress: ((ProjectionProgress) -> Void)? = nil) throws -> RebuildSummary {
        var targets = projectors
        if let names {
            targets = try names.map { name in
                guard let projector = projectors.first(where: { $0.name == name }) else {
                    throw ProjectionError.unknownProjection(name, known: projectors.map(\.name))
                }
                return projector
            }
        }
        _ = try prepare()
        return try rebuild(targets, progress: progress)
    }

    func rebuild(_ targets: [any Projector], progress: ((ProjectionProgress) -> Void)?) throws -> RebuildSummary {
        let start = Date()
        let shadowPath = Self.shadowPath(store: directory)
        removeDatabaseFiles(shadowPath)
        defer { removeDatabaseFiles(shadowPath) }
        let head = try reader.head()
        let events = try Self.fold(
            reader, until: head, projectors: targets, into: shadowPath, options: options, progress: progress, start: start)
        let loaded = Date()
        try swapIn(targets, from: shadowPath, position: Int64(events) - 1)
        let summary = RebuildSummary(
            projectors: targets.map(\.name), events: events, loadSeconds: loaded.timeIntervalSince(start),
            swapSeconds: Date().timeIntervalSince(loaded), head: UInt64(events))
        logger.info("rebuilt projections", metadata: [
            "projectors": "\(summary.projectors)", "events": "\(events)",
            "events_per_second": "\(Int(summary.eventsPerSecond))",
        ])
        return summary
    }

    /// Folds the log's events below `head` into a new SQLite database at `path` for
    /// `targets` (`SQLiteFoldSink`). The standard projectors are folded in memory and each
    /// row written once (`BulkFold`); others statement by statement, one transaction per
    /// `rebuildBatchSize` events. Returns the number of events folded.
    static func fold(
        _ reader: LogReader, until head: UInt64, projectors targets: [any Projector], into path: String,
        options: ProjectionOptions, progress: ((ProjectionProgress) -> Void)?, start: Date = Date()
    ) throws -> Int {
        let sink = try SQLiteFoldSink(path: path, projectors: targets)
        let shadow = sink.shadow
        if let prices = BulkFold.prices(of: targets) {
            let position = try BulkFold.fold(reader, until: head, prices: prices, into: sink, options: options, progress: progress, start: start)
            try shadow.close()
            return Int(position + 1)
        }
        var shadowCheckpoints = Dictionary(uniqueKeysWithValues: targets.map { ($0.name, Int64(-1)) })
        var next: UInt64 = 0
        var batch = 0
        while next < head {
            var recorded: [RecordedEvent] = []
            try reader.forEach(in: next..<min(head, next + UInt64(options.rebuildBatchSize))) { event in
                recorded.append(event)
                return true
            }
            guard let last = recorded.last else { break }
            let decoded = recorded.map(ProjectedEvent.init)
            let updated = try shadow.write { db in
                try Self.apply(
                    decoded, projectors: targets, checkpoints: shadowCheckpoints, batch: batch,
                    interruption: options.interruption, in: db)
            }
            shadowCheckpoints.merge(updated) { _, new in new }
            batch += 1
            next = last.position + 1
            progress?(ProjectionProgress(events: Int(next), position: next, head: head, seconds: Date().timeIntervalSince(start)))
        }
        try shadow.close()
        return Int(next)
    }

    /// Folds the log's events below `head` into `sink` for the standard projectors priced by
    /// `prices` (`Projectors.all(prices:)`): in memory, each row handed over once (`BulkFold`).
    /// The shadow of a rebuild in another database. Returns the number of events folded.
    public static func fold(
        _ reader: LogReader, until head: UInt64, prices: PriceTable, into sink: some FoldedRowSink,
        options: ProjectionOptions, progress: ((ProjectionProgress) -> Void)?, start: Date = Date()
    ) throws -> Int {
        Int(try BulkFold.fold(reader, until: head, prices: prices, into: sink, options: options, progress: progress, start: start) + 1)
    }

    /// Replaces the live tables of `targets` by the shadow's, in one transaction.
    private func swapIn(_ targets: [any Projector], from shadowPath: String, position: Int64) throws {
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS shadow", arguments: [shadowPath])
            defer { try? db.execute(sql: "DETACH DATABASE shadow") }
            try db.inTransaction(.immediate) {
                for projector in targets {
                    try Self.createTables(of: projector, in: db, indexes: false)
                    for table in projector.schema.tables {
                        try db.execute(sql: "INSERT INTO main.\(table) SELECT * FROM shadow.\(table)")
                    }
                    for statement in projector.schema.indexStatements { try db.execute(sql: statement) }
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO main.projector_checkpoints (name, version, position) VALUES (?, ?, ?)",
                        arguments: [projector.name, projector.version, position])
                }
                // The tombstones keep a deleted run's later events out of every projector:
                // the shadow holds those of the whole log.
                let columns = ReadModelRows.DeletedRun.columns.joined(separator: ", ")
                try db.execute(sql: "INSERT OR REPLACE INTO main.deleted_runs (\(columns)) SELECT \(columns) FROM shadow.deleted_runs")
                return .commit
            }
        }
        for projector in targets { checkpoints[projector.name] = position }
        // Keep the WAL from holding a second copy of the tables for long.
        try? database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    private func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
