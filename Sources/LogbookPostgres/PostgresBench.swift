import Foundation
import LogbookCatalogue
import LogbookCore
import LogbookProjections
import LogbookWorkload
import Logging
import NIOCore
import PostgresNIO

/// `logbook bench --postgres URL`: how fast the read models reach PostgreSQL, beside the
/// obvious alternative, a PostgreSQL `events` table filled with `COPY` (1,000 rows per
/// transaction, one index per column a reader filters on).
///
/// A generated workload is appended to a scratch store; then, each into a schema of its own
/// (dropped afterwards): the naive table, the projections' catch-up into an empty database
/// (the bulk path: fold locally, `COPY`, index, swap) and the catch-up statement by
/// statement (the path a following node takes).
public struct PostgresBench {
    public var events = 200_000
    public var seed: UInt64 = 1
    public var rowsPerTransaction = 1_000
    public var scratchParent = NSTemporaryDirectory()
    let location: PostgresLocation
    let logger: Logger

    public init(location: PostgresLocation, logger: Logger) {
        self.location = location
        self.logger = logger
    }

    public struct Row: Sendable {
        public var name: String
        public var events: Int
        public var seconds: Double
        /// Statements sent to the server, where that is how the rows got there.
        public var statements: Int?
        public var eventsPerSecond: Double { Double(events) / max(seconds, 1e-9) }
    }

    public func run(progress: (String) -> Void) async throws -> [Row] {
        let scratch = scratchParent + "/logbook-postgres-bench-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        progress("generating \(events) events into a scratch store")
        let log = try await makeStore(at: scratch + "/store")
        defer { log.close() }
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        var rows: [Row] = []

        progress("naive: PostgreSQL events table, COPY \(rowsPerTransaction) rows per transaction")
        rows.append(try await naiveTable(log.reader, schema: "bench_events_\(suffix)"))

        for (name, bulk) in [("projections, bulk catch-up into an empty database", true), ("projections, statement by statement", false)] {
            progress(name)
            var target = location
            target.schema = "bench_projections_\(suffix)"
            var options = ProjectionOptions()
            options.batchSize = rowsPerTransaction
            let engine = try await PostgresProjectionEngine.open(location: target, reader: log.reader, options: options, logger: logger)
            engine.bulkLoadWhenEmpty = bulk
            do {
                let summary = try await engine.catchUp()
                rows.append(Row(
                    name: name, events: Int(summary.head), seconds: summary.seconds, statements: bulk ? nil : engine.statementsSent))
            } catch {
                await engine.close()
                throw error
            }
            await engine.close()
            try await dropSchema(target.schema)
        }
        return rows
    }

    private func makeStore(at directory: String) async throws -> EventLog {
        var options = LogOptions()
        options.payloadCheck = EventCatalogue.problem
        options.durability = .none
        let log = try EventLog.open(directory: directory, options: options, logger: logger)
        var generator = WorkloadGenerator(sessions: events / 30 + 16, seed: seed)
        var line: [UInt8] = []
        var batch: [EventDraft] = []
        var written = 0
        while written < events, generator.nextLine(into: &line) {
            let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .newlines)
            let draft = try EventDraft.parse(jsonLine: text, location: EventLocation(index: written), defaultTimestampMs: 0)
            batch.append(draft)
            written += 1
            line.removeAll(keepingCapacity: true)
            if batch.count == 1_000 {
                _ = try await log.append(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { _ = try await log.append(batch) }
        return log
    }

    private func connect() async throws -> PostgresConnection {
        try await PostgresConnection.connect(configuration: location.configuration, id: 2, logger: logger)
    }

    private func dropSchema(_ schema: String) async throws {
        let connection = try await connect()
        try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"), logger: logger)
        try await connection.close()
    }

    /// The events, 1,000 per transaction, each transaction one `COPY`.
    private func naiveTable(_ reader: LogReader, schema: String) async throws -> Row {
        let connection = try await connect()
        for statement in [
            "CREATE SCHEMA \(schema)", "SET search_path TO \(schema)",
            """
            CREATE TABLE events (id uuid PRIMARY KEY, event_type text, session_id uuid, trace_id uuid, user_id text,
                agent_id text, timestamp_ms bigint, payload jsonb)
            """,
            "CREATE INDEX events_session_id ON events (session_id)",
            "CREATE INDEX events_timestamp_ms ON events (timestamp_ms)",
            "CREATE INDEX events_event_type ON events (event_type)",
        ] {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        let head = try reader.head()
        let start = Date()
        var next: UInt64 = 0
        while next < head {
            var text: [UInt8] = []
            try reader.forEach(in: next..<min(head, next + UInt64(rowsPerTransaction))) { event in
                let fields: [SQLValue] = [
                    .text(event.id.description), .text(event.eventType), event.sessionID.map { .text($0.description) } ?? .null,
                    .text(event.traceID.description), event.userID.map { .text($0) } ?? .null, event.agentID.map { .text($0) } ?? .null,
                    .integer(event.timestampMs), .text(event.payloadText),
                ]
                for (index, field) in fields.enumerated() {
                    if index > 0 { text.append(UInt8(ascii: "\t")) }
                    _ = PostgresText.appendCopyField(field, to: &text)
                }
                text.append(UInt8(ascii: "\n"))
                next = event.position + 1
                return true
            }
            try await connection.query("BEGIN", logger: logger)
            try await connection.copyFrom(table: "events", logger: logger) { writer in
                try await writer.write(ByteBuffer(bytes: text))
            }
            try await connection.query("COMMIT", logger: logger)
        }
        let seconds = Date().timeIntervalSince(start)
        try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"), logger: logger)
        try await connection.close()
        return Row(name: "naive events table (COPY, \(rowsPerTransaction) rows per transaction)", events: Int(head), seconds: seconds, statements: nil)
    }
}
