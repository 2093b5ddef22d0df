import Foundation
import GRDB
import LogbookCore
import Logging

/// Keeps a store's projectors current in `<store>/projections.sqlite` (WAL): catches them up
/// from their checkpoints, follows the log, and rebuilds them through a shadow database.
///
/// Each batch of events is one transaction holding the projectors' rows and their
/// checkpoints (`projector_checkpoints.position`, the last position applied), so every
/// event is applied exactly once whatever crashes: a batch commits whole or not at all.
/// One process writes the projections at a time (`projections.lock`); any number read.
public final class ProjectionEngine {
    public let databasePath: String
    public let directory: String
    let reader: LogReader
    let projectors: [any Projector]
    let options: ProjectionOptions
    let logger: Logger
    let database: DatabaseQueue
    private let lock: ProjectionLock
    /// The last position each projector applied (-1 for none), as committed.
    var checkpoints: [String: Int64] = [:]
    /// Batches applied by this engine, for `ProjectionOptions.interruption`.
    private var batchCounter = 0
    /// Read models nothing was projected into yet are built as a rebuild builds them (folded
    /// in memory, each row written once) rather than statement by statement.
    public var bulkLoadWhenEmpty = true

    public static func databasePath(store directory: String) -> String {
        directory + "/projections.sqlite"
    }

    /// Opens (creating when needed) the projections of the store that `reader` reads.
    public init(
        reader: LogReader, projectors: [any Projector] = Projectors.all,
        options: ProjectionOptions = ProjectionOptions(), logger: Logger
    ) throws {
        directory = reader.directory
        databasePath = Self.databasePath(store: reader.directory)
        self.reader = reader
        self.projectors = projectors
        self.options = options
        self.logger = logger
        lock = try ProjectionLock(directory: reader.directory)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        database = try DatabaseQueue(path: databasePath, configuration: configuration)
    }

    /// The projectors whose tables must be rebuilt before catching up: their stored version
    /// differs from their code's. Creates the tables of projectors met for the first time, and
    /// brings the others' indexes to their schema's.
    /// Refuses projections folded from another log, or past this log's head.
    func prepare() throws -> [any Projector] {
        let head = try reader.head()
        let first = head > 0 ? try reader.read(from: 0, limit: 1).first : nil
        return try database.write { db in
            for statement in ReadModelSchema.checkpoints.tableStatements {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS " + statement.dropFirst("CREATE TABLE ".count))
            }
            try Self.checkSource(db, head: head, first: first, path: databasePath)
            var stored: [String: (version: Int, position: Int64)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, version, position FROM projector_checkpoints") {
                stored[row["name"]] = (row["version"], row["position"])
            }
            var stale: [any Projector] = []
            for projector in projectors {
                if let known = stored[projector.name] {
                    checkpoints[projector.name] = known.position
                    if known.version != projector.version {
                        stale.append(projector)
                    } else {
                        try Self.updateIndexes(of: projector, in: db)
                    }
                } else {
                    try Self.createTables(of: projector, in: db, indexes: true)
                    try db.execute(
                        sql: "INSERT INTO projector_checkpoints (name, version, position) VALUES (?, ?, -1)",
                        arguments: [projector.name, projector.version])
                    checkpoints[projector.name] = -1
                }
            }
            return stale
        }
    }

    /// The projections must come from this log: the same first event, no checkpoint at or past its head.
    static func checkSource(_ db: Database, head: UInt64, first: RecordedEvent?, path: String) throws {
        let stored = try Row.fetchOne(db, sql: "SELECT first_event_id, first_recorded_at_ms FROM projected_log")
        if let stored, let first, stored["first_event_id"] != first.id.description || stored["first_recorded_at_ms"] != first.recordedAtMs {
            throw ProjectionError.foreignLog(
                path: path, reason: "they were folded from a log whose first event is \(stored["first_event_id"] as String), this log's is \(first.id)")
        }
        let applied = try Int64.fetchOne(db, sql: "SELECT max(position) FROM projector_checkpoints") ?? -1
        if applied >= Int64(head) {
            throw ProjectionError.foreignLog(
                path: path, reason: "they have applied events up to position \(applied) but the log ends before position \(head)")
        }
        if stored == nil, let first {
            try db.execute(
                sql: "INSERT INTO projected_log (first_event_id, first_recorded_at_ms) VALUES (?, ?)",
                arguments: [first.id.description, first.recordedAtMs])
        }
    }

    static func createTables(of projector: any Projector, in db: Database, indexes: Bool) throws {
        let schema = projector.schema
        for table in schema.tables { try db.execute(sql: "DROP TABLE IF EXISTS main.\(table)") }
        for statement in schema.tableStatements { try db.execute(sql: statement) }
        if indexes { for statement in schema.indexStatements { try db.execute(sql: statement) } }
    }

    /// Brings every projector up to the log's head: first rebuilds those whose version
    /// changed (or all, in bulk, when nothing was projected yet and `bulkLoadWhenEmpty`),
    /// then applies the events past the lowest checkpoint in batches.
    @discardableResult
    public func catchUp(progress: ((ProjectionProgress) -> Void)? = nil) throws -> CatchUpSummary {
        let start = Date()
        var rebuilds: [RebuildSummary] = []
        let stale = try prepare()
        if !stale.isEmpty {
            logger.info("rebuilding projections whose version changed", metadata: ["projectors": "\(stale.map(\.name))"])
            rebuilds.append(try rebuild(stale, progress: progress))
        } else if bulkLoadWhenEmpty, checkpoints.values.allSatisfy({ $0 == -1 }), try reader.head() > 0 {
            logger.info("building the read models in bulk: nothing was projected yet")
            rebuilds.append(try rebuild(projectors, progress: progress))
        }
        let head = try reader.head()
        var next = UInt64(max(checkpoints.values.min() ?? -1, -1) + 1)
        let first = next
        var batches = 0
        while next < head {
            let events = try readBatch(from: next, until: head, limit: options.batchSize)
            guard let last = events.last else { break }
            try apply(events.map(ProjectedEvent.init))
            batches += 1
            next = last.position + 1
            progress?(ProjectionProgress(events: Int(next - first), position: next, head: head, seconds: Date().timeIntervalSince(start)))
        }
        return CatchUpSummary(
            events: Int(next - first), batches: batches, seconds: Date().timeIntervalSince(start), head: next,
            rebuilds: rebuilds)
    }

    func readBatch(from position: UInt64, until head: UInt64, limit: Int) throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        events.reserveCapacity(limit)
        try reader.forEach(in: position..<min(head, position + UInt64(limit))) { event in
            events.append(event)
            return true
        }
        return events
    }

    /// Applies one batch in one transaction, to each projector that has not applied its events yet.
    func apply(_ events: [ProjectedEvent]) throws {
        let batch = batchCounter
        batchCounter += 1
        let updated = try database.write { db in
            try Self.apply(events, projectors: projectors, checkpoints: checkpoints, batch: batch, interruption: options.interruption, in: db)
        }
        checkpoints.merge(updated) { _, new in new }
    }

    /// Applies `events` to `projectors` inside the caller's transaction and records their
    /// new checkpoints there; returns them.
    static func apply(
        _ events: [ProjectedEvent], projectors: [any Projector], checkpoints: [String: Int64], batch: Int,
        interruption: (@Sendable (Int, Int) throws -> Void)?, in db: Database
    ) throws -> [String: Int64] {
        guard let last = events.last?.position else { return [:] }
        var updated: [String: Int64] = [:]
        for projector in projectors {
            let checkpoint = checkpoints[projector.name] ?? -1
            guard checkpoint < last else { continue }
            let unapplied = checkpoint < events[0].position ? events : events.filter { $0.position > checkpoint }
            for (index, event) in unapplied.enumerated() {
                try projector.apply(event, to: db)
                try interruption?(batch, index)
            }
            try projector.finishBatch(unapplied, to: db)
            try db.cachedStatement(sql: "UPDATE projector_checkpoints SET position = ? WHERE name = ?")
                .execute(arguments: [last, projector.name])
            updated[projector.name] = last
        }
        return updated
    }

    /// The committed checkpoints, by projector name.
    public func committedCheckpoints() throws -> [String: (version: Int, position: Int64)] {
        try database.read { db in
            var result: [String: (version: Int, position: Int64)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, version, position FROM projector_checkpoints") {
                result[row["name"]] = (row["version"], row["position"])
            }
            return result
        }
    }
}
