import Foundation
import LogbookCore
import LogbookProjections
import Logging
import PostgresNIO

/// Keeps one node's projections current in a PostgreSQL schema that several nodes may
/// share: catches them up from this node's checkpoints, follows the log, and rebuilds them
/// through a shadow schema (`PostgresProjectionEngine+Rebuild`).
///
/// The projectors are the SQLite ones (`Projectors.all`), writing through `PostgresSink`. Each batch of events
/// is one transaction holding the rows and this node's checkpoints
/// (`projector_checkpoints (node_id, name)`), so every event is applied exactly once
/// whatever crashes. Every row records the node whose log it came from (`node_id`). One
/// process projects a node at a time (a session advisory lock on the node's id).
public final class PostgresProjectionEngine {
    public let location: PostgresLocation
    let reader: LogReader
    let prices: PriceTable
    let projectors: [any Projector]
    let options: ProjectionOptions
    let logger: Logger
    let connection: PostgresConnection
    let sink: PostgresSink
    /// The last position each projector applied for this node (-1 for none), as committed.
    var checkpoints: [String: Int64] = [:]
    /// Whether a catch-up into a database that no node has projected into yet goes through
    /// the bulk path (a rebuild: fold locally, COPY, index, swap) rather than statement by statement.
    public var bulkLoadWhenEmpty = true

    /// Connects, creates the schema and the checkpoint tables when missing, and takes this
    /// node's lock.
    public static func open(
        location: PostgresLocation, reader: LogReader, prices: PriceTable = .standard,
        options: ProjectionOptions = ProjectionOptions(), logger: Logger
    ) async throws -> PostgresProjectionEngine {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: location.configuration, id: 1, logger: logger)
        } catch {
            throw PostgresProjectionError.server(error, doing: "a connection to \(location.host):\(location.port)/\(location.database)")
        }
        let engine = PostgresProjectionEngine(
            location: location, reader: reader, prices: prices, options: options, logger: logger, connection: connection)
        do {
            try engine.setUp()
        } catch {
            try? await connection.close()
            throw error
        }
        return engine
    }

    private init(
        location: PostgresLocation, reader: LogReader, prices: PriceTable, options: ProjectionOptions, logger: Logger,
        connection: PostgresConnection
    ) {
        self.location = location
        self.reader = reader
        self.prices = prices
        projectors = Projectors.all(prices: prices)
        self.options = options
        self.logger = logger
        self.connection = connection
        sink = PostgresSink(connection: connection, logger: logger)
    }

    public func close() async {
        try? await connection.close()
    }

    private func setUp() throws {
        _ = try sink.query(location.nodeSetting)
        let locked = try sink.query("SELECT pg_try_advisory_lock(hashtext($1))", [.text("logbook:\(location.schema):\(location.nodeID)")])
        guard try locked.first?.decode(Bool.self) == true else {
            throw PostgresProjectionError.busy(node: location.nodeID, schema: location.schema)
        }
        try inDDLTransaction {
            sink.send(postgres: "CREATE SCHEMA IF NOT EXISTS \(location.schema)")
            sink.send(postgres: "SET LOCAL search_path TO \(location.schema)")
            for statement in PostgresSchema.checkpoints.tableStatements {
                sink.send(postgres: PostgresSchema.ifNotExists(statement))
            }
        }
        _ = try sink.query("SET search_path TO \(location.schema)")
    }

    /// Runs `body`'s statements in one transaction that holds the database-wide DDL lock, so
    /// that nodes starting together do not create the same table twice.
    func inDDLTransaction<T>(_ body: () throws -> T) throws -> T {
        sink.send(postgres: "BEGIN")
        sink.send(postgres: "SELECT pg_advisory_xact_lock(hashtext('logbook:ddl'))")
        do {
            let result = try body()
            sink.send(postgres: "COMMIT")
            try sink.flush()
            return result
        } catch {
            try? sink.flush()
            _ = try? sink.query("ROLLBACK")
            throw error
        }
    }

    /// The projectors whose version differs from the one this node's checkpoint stored, and
    /// whether no node had projected into the database before. Creates the tables of
    /// projectors met for the first time. Refuses a node folded from another log.
    func prepare() throws -> (stale: [any Projector], empty: Bool) {
        let head = try reader.head()
        let first = head > 0 ? try reader.read(from: 0, limit: 1).first : nil
        let node = SQLValue.text(location.nodeID)
        return try inDDLTransaction {
            let empty = try sink.query("SELECT 1 FROM projector_checkpoints WHERE position >= 0 LIMIT 1").isEmpty
            try checkSource(head: head, first: first)
            var stored: [String: (version: Int64, position: Int64)] = [:]
            for row in try sink.query("SELECT name, version, position FROM projector_checkpoints WHERE node_id = $1", [node]) {
                let (name, version, position) = try row.decode((String, Int64, Int64).self)
                stored[name] = (version, position)
            }
            var stale: [any Projector] = []
            for projector in projectors {
                if let known = stored[projector.name] {
                    checkpoints[projector.name] = known.position
                    if known.version != Int64(projector.version) { stale.append(projector) }
                } else {
                    let schema = try PostgresSchema.schema(of: projector)
                    for statement in schema.tableStatements + schema.indexStatements {
                        sink.send(postgres: PostgresSchema.ifNotExists(statement))
                    }
                    sink.send(
                        postgres: "INSERT INTO projector_checkpoints (node_id, name, version, position) VALUES ($1, $2, $3, -1)",
                        [node, .text(projector.name), .integer(Int64(projector.version))])
                    checkpoints[projector.name] = -1
                }
            }
            return (stale, empty)
        }
    }

    /// This node's rows must come from this log: the same first event, no checkpoint at or past its head.
    private func checkSource(head: UInt64, first: RecordedEvent?) throws {
        let node = SQLValue.text(location.nodeID)
        let stored = try sink.query("SELECT first_event_id, first_recorded_at_ms FROM projected_log WHERE node_id = $1", [node]).first
        if let stored, let first {
            let (id, recordedAt) = try stored.decode((String, Int64).self)
            if id != first.id.description || recordedAt != first.recordedAtMs {
                throw PostgresProjectionError.foreignLog(
                    node: location.nodeID, reason: "its first event is \(id), this log's is \(first.id)")
            }
        }
        let applied = try sink.query("SELECT coalesce(max(position), -1) FROM projector_checkpoints WHERE node_id = $1", [node])
            .first?.decode(Int64.self) ?? -1
        if applied >= Int64(head) {
            throw PostgresProjectionError.foreignLog(
                node: location.nodeID, reason: "it has applied events up to position \(applied) but this log ends before position \(head)")
        }
        if stored == nil, let first {
            sink.send(
                postgres: "INSERT INTO projected_log (node_id, first_event_id, first_recorded_at_ms) VALUES ($1, $2, $3)",
                [node, .text(first.id.description), .integer(first.recordedAtMs)])
        }
    }

    /// Brings every projector up to the log's head: rebuilds first when a projector's version
    /// changed (or, with `bulkLoadWhenEmpty`, when no node has projected yet), then applies
    /// the events past the lowest checkpoint in batches.
    @discardableResult
    public func catchUp(progress: ((ProjectionProgress) -> Void)? = nil) async throws -> CatchUpSummary {
        let start = Date()
        var rebuilds: [RebuildSummary] = []
        let (stale, empty) = try prepare()
        let head = try reader.head()
        if !stale.isEmpty || (empty && bulkLoadWhenEmpty && head > 0) {
            logger.info("rebuilding the PostgreSQL projections", metadata: ["stale": "\(stale.map(\.name))", "empty": "\(empty)"])
            rebuilds.append(try await rebuild(progress: progress))
        }
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
            events: Int(next - first), batches: batches, seconds: Date().timeIntervalSince(start), head: max(next, head),
            rebuilds: rebuilds)
    }

    /// Catches up, then applies each new durable event as the log gets it, in batches of up
    /// to `batchSize` (a batch closes early when it reaches the head). Runs until the task is
    /// cancelled or the log closes.
    public func follow(onBatch: ((_ events: Int, _ head: UInt64) -> Void)? = nil) async throws {
        let caughtUp = try await catchUp()
        var pending: [RecordedEvent] = []
        var knownHead = caughtUp.head
        for try await event in reader.subscribe(from: caughtUp.head) {
            pending.append(event)
            if pending.count >= options.batchSize || event.position + 1 >= knownHead {
                knownHead = try reader.head()
                if pending.count >= options.batchSize || event.position + 1 >= knownHead {
                    try apply(pending.map(ProjectedEvent.init))
                    onBatch?(pending.count, event.position + 1)
                    pending.removeAll(keepingCapacity: true)
                }
            }
        }
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

    /// Applies one batch in one transaction with this node's checkpoints, to each projector
    /// that has not applied its events yet.
    func apply(_ events: [ProjectedEvent]) throws {
        guard let last = events.last?.position else { return }
        var updated: [String: Int64] = [:]
        sink.send(postgres: "BEGIN")
        do {
            for projector in projectors {
                let checkpoint = checkpoints[projector.name] ?? -1
                guard checkpoint < last else { continue }
                let unapplied = checkpoint < events[0].position ? events : events.filter { $0.position > checkpoint }
                for event in unapplied { try projector.apply(event, to: sink) }
                try projector.finishBatch(unapplied, to: sink)
                sink.send(
                    postgres: "UPDATE projector_checkpoints SET position = $1 WHERE node_id = $2 AND name = $3",
                    [.integer(last), .text(location.nodeID), .text(projector.name)])
                updated[projector.name] = last
            }
            sink.send(postgres: "COMMIT")
            try sink.flush()
        } catch {
            try? sink.flush()
            _ = try? sink.query("ROLLBACK")
            throw error
        }
        checkpoints.merge(updated) { _, new in new }
    }

    /// This node's committed checkpoints, by projector name.
    public func committedCheckpoints() throws -> [String: (version: Int, position: Int64)] {
        var result: [String: (version: Int, position: Int64)] = [:]
        for row in try sink.query("SELECT name, version, position FROM projector_checkpoints WHERE node_id = $1", [.text(location.nodeID)]) {
            let (name, version, position) = try row.decode((String, Int64, Int64).self)
            result[name] = (Int(version), position)
        }
        return result
    }

    /// Statements sent to the server so far.
    public var statementsSent: Int { sink.statements }
}
