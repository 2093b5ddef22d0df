import Foundation
import GRDB
import LogbookCatalogue
import LogbookCore
import LogbookJSON
import LogbookPostgres
import LogbookProjections
import LogbookTestSupport
import Logging
import PostgresNIO
import Testing

/// The PostgreSQL server the tests run against: `LOGBOOK_TEST_POSTGRES_URL`, which
/// `scripts/test.sh` sets after starting a throwaway cluster (scripts/postgres-env.sh).
/// Without it the tests fail: they check the real server, never a stand-in.
enum TestServer {
    static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["LOGBOOK_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw TestSetupError(
                "LOGBOOK_TEST_POSTGRES_URL is not set; run the tests through scripts/test.sh, or start a server with "
                + "`scripts/postgres-env.sh start` and export the URL it prints")
        }
        return url
    }

    /// A schema of its own for one test, so tests can run side by side.
    static func newSchema() -> String {
        "test_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    static func location(schema: String, node: String) throws -> PostgresLocation {
        try PostgresLocation(url: url() + "?schema=\(schema)", nodeID: node)
    }

    static func connect() async throws -> PostgresConnection {
        let location = try PostgresLocation(url: url(), nodeID: "tests")
        return try await PostgresConnection.connect(
            configuration: .init(host: location.host, port: location.port, username: location.user, password: location.password,
                                 database: location.database, tls: .disable),
            id: 1, logger: logger)
    }

    static func dropSchema(_ schema: String) async throws {
        let connection = try await connect()
        try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"), logger: logger)
        try await connection.close()
    }

    static let logger = Logger(label: "postgres-tests")
}

struct TestSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A store in a temporary directory holding `drafts`.
final class StoreFixture: Sendable {
    let directory: TemporaryDirectory
    let store: String
    let log: EventLog

    init(_ drafts: [EventDraft]) async throws {
        directory = TemporaryDirectory("postgres")
        store = directory.appending("store")
        var options = LogOptions()
        options.payloadCheck = EventCatalogue.problem
        options.segmentBytes = 256 << 10
        options.durability = .none
        log = try EventLog.open(directory: store, options: options, logger: TestServer.logger)
        var start = 0
        while start < drafts.count {
            let end = min(drafts.count, start + 500)
            _ = try await log.append(Array(drafts[start..<end]))
            start = end
        }
    }

    deinit { log.close() }

    /// Projects the store into its own projections.sqlite, the reference.
    func projectIntoSQLite() throws -> DatabaseQueue {
        try ProjectionEngine(reader: log.reader, logger: TestServer.logger).catchUp()
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: ProjectionEngine.databasePath(store: store), configuration: configuration)
    }

    func openPostgres(schema: String, node: String, batchSize: Int = 1_000, rebuildBatchSize: Int = 5_000) async throws -> PostgresProjectionEngine {
        var options = ProjectionOptions()
        options.batchSize = batchSize
        options.rebuildBatchSize = rebuildBatchSize
        return try await PostgresProjectionEngine.open(
            location: TestServer.location(schema: schema, node: node), reader: log.reader, options: options, logger: TestServer.logger)
    }

    func projectIntoPostgres(schema: String, node: String, bulk: Bool, batchSize: Int = 1_000, rebuildBatchSize: Int = 5_000) async throws {
        let engine = try await openPostgres(schema: schema, node: node, batchSize: batchSize, rebuildBatchSize: rebuildBatchSize)
        engine.bulkLoadWhenEmpty = bulk
        do {
            try await engine.catchUp()
        } catch {
            await engine.close()
            throw error
        }
        await engine.close()
    }
}

/// The read-model tables as sorted rows of text, comparable between SQLite and PostgreSQL:
/// JSON by value, numbers as doubles, booleans as 0 and 1.
enum Tables {
    static let all = [
        "agent_runs", "agent_executions", "llm_interactions", "documents", "sessions", "agents", "trace_steps",
        "messages", "run_states", "message_removals", "handoffs", "guardrail_results", "interruptions", "mcp_tool_listings",
        "run_logs", "deleted_runs",
    ]

    /// Every table of the SQLite read models, with the columns they have there.
    static func dump(sqlite: DatabaseQueue, excluding: Set<String> = []) throws -> [String: [String]] {
        try sqlite.read { db in
            var result: [String: [String]] = [:]
            for table in all {
                let kinds = jsonColumns(table)
                result[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { row in
                    row.columnNames.filter { !excluding.contains($0) }.map { name -> String in
                        let value: String? = switch (row[name] as DatabaseValue).storage {
                        case .null: nil
                        case .int64(let integer): String(integer)
                        case .double(let real): "\(real)"
                        case .string(let text): kinds.contains(name) ? canonicalJSON(text) : text
                        case .blob(let data): "blob \(data.count)"
                        }
                        return "\(name)=\(value ?? "NULL")"
                    }.joined(separator: "|")
                }.sorted()
            }
            return result
        }
    }

    /// The same tables in a PostgreSQL schema, with the SQLite columns only (not `node_id`
    /// nor the generated `_tz` ones), in the SQLite order.
    static func dump(postgres schema: String, columnsLike sqlite: DatabaseQueue, excluding: Set<String> = []) async throws -> [String: [String]] {
        let connection = try await TestServer.connect()
        var result: [String: [String]] = [:]
        for table in all {
            let columns = try await sqlite.read { db in try db.columns(in: table).map(\.name) }.filter { !excluding.contains($0) }
            var types: [String: String] = [:]
            let typeRows = try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT column_name::text, data_type::text FROM information_schema.columns WHERE table_schema = '\(schema)' AND table_name = '\(table)'
                """), logger: TestServer.logger)
            for try await (name, type) in typeRows.decode((String, String).self) { types[name] = type }
            let select = "SELECT " + columns.map { "\"\($0)\"::text" }.joined(separator: ", ") + " FROM \(schema).\(table)"
            var rows: [String] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: select), logger: TestServer.logger) {
                var fields: [String] = []
                for (index, cell) in row.enumerated() {
                    let name = columns[index]
                    let text = cell.bytes == nil ? nil : try cell.decode(String.self)
                    let value: String? = text.map { text in
                        switch types[name] {
                        case "jsonb", "json": canonicalJSON(text)
                        case "numeric": "\(Double(text)!)"
                        case "boolean": text == "true" ? "1" : "0"
                        default: text
                        }
                    }
                    fields.append("\(name)=\(value ?? "NULL")")
                }
                rows.append(fields.joined(separator: "|"))
            }
            result[table] = rows.sorted()
        }
        try await connection.close()
        return result
    }

    /// The columns that hold JSON in PostgreSQL, from its DDL.
    static func jsonColumns(_ table: String) -> Set<String> {
        var columns = Set<String>()
        for file in PostgresSchema.fileNames {
            guard let text = PostgresSchema.text(of: file), let range = text.range(of: "CREATE TABLE \(table) (") else { continue }
            let body = text[range.upperBound...].prefix { $0 != ";" }
            for line in body.split(separator: "\n") {
                let words = line.split(separator: " ")
                if words.count >= 2, words[1].hasPrefix("json") { columns.insert(String(words[0])) }
            }
        }
        return columns
    }

    static func canonicalJSON(_ text: String) -> String {
        (try? JSONValue.parse(Array(text.utf8)).compactJSON) ?? "unparsable: \(text)"
    }

    /// The first difference between two dumps, for a readable failure.
    static func firstDifference(_ left: [String: [String]], _ right: [String: [String]]) -> String? {
        for table in all where left[table] != right[table] {
            let l = left[table] ?? [], r = right[table] ?? []
            let onlyLeft = Set(l).subtracting(r).sorted().prefix(2)
            let onlyRight = Set(r).subtracting(l).sorted().prefix(2)
            return "\(table): \(l.count) rows against \(r.count); only left \(Array(onlyLeft)); only right \(Array(onlyRight))"
        }
        return nil
    }
}
