import Foundation
import LogbookPostgres
import LogbookProjections
import LogbookStore
import PostgresNIO
import Testing

/// A backend of the read-model queries, made from the corpus's log: the suite asks every
/// backend in `all` the same questions and wants the same answers. Another backend is one
/// more entry.
struct QueryBackend: Sendable, CustomTestStringConvertible {
    let name: String
    /// Projects the corpus and opens the backend's queries.
    let open: @Sendable (QueryCorpus) async throws -> any ReadModelQueries

    var testDescription: String { name }

    static let all: [QueryBackend] = [sqlite, postgres, memory]

    /// The embedded default; the others are compared with it.
    static let sqlite = QueryBackend(name: "sqlite") { corpus in
        try ProjectionEngine(reader: corpus.log.reader, logger: TestServer.logger).catchUp()
        return try ReadModels(path: ProjectionEngine.databasePath(store: corpus.store))
    }

    /// The whole log folded in memory.
    static let memory = QueryBackend(name: "memory") { corpus in
        let reader = corpus.log.reader
        return MemoryReadModels(events: try reader.read(from: 0, limit: Int(try reader.head())))
    }

    static let postgresSchema = "test_read_model_queries"

    /// In a database whose default collation is ICU's en-US, which sorts text and folds its
    /// case unlike SQLite (`B` after `a`, `É` like `é`): a statement that does not say
    /// SQLite's meaning gives other rows there.
    static let postgres = QueryBackend(name: "postgresql") { corpus in
        let url = try await TestServer.database(named: "logbook_test_en_us", icuLocale: "en-US")
        let location = try PostgresLocation(url: url + "?schema=\(postgresSchema)", nodeID: "queries")
        try await TestServer.dropSchema(postgresSchema, in: location)
        let engine = try await PostgresProjectionEngine.open(location: location, reader: corpus.log.reader, logger: TestServer.logger)
        do {
            try await engine.catchUp()
        } catch {
            await engine.close()
            throw error
        }
        await engine.close()
        return try await PostgresReadModels.open(location: location, logger: TestServer.logger)
    }
}

/// Every backend opened once over the shared corpus, in the order of `QueryBackend.all`.
enum OpenBackends {
    static let shared = Task { () throws -> [(QueryBackend, any ReadModelQueries)] in
        let corpus = try await QueryCorpus.shared.value
        var opened: [(QueryBackend, any ReadModelQueries)] = []
        for backend in QueryBackend.all { opened.append((backend, try await backend.open(corpus))) }
        return opened
    }
}

extension TestServer {
    /// The URL of the test server's database `name`, created when missing with `icuLocale` as
    /// its default collation.
    static func database(named name: String, icuLocale: String) async throws -> String {
        let connection = try await connect()
        var found = false
        for try await _ in try await connection.query("SELECT 1 FROM pg_database WHERE datname = \(name)", logger: logger) { found = true }
        if !found {
            try await connection.query(PostgresQuery(unsafeSQL: """
                CREATE DATABASE \(name) LOCALE_PROVIDER icu ICU_LOCALE '\(icuLocale)' LOCALE 'C.UTF-8' TEMPLATE template0
                """), logger: logger)
        }
        try await connection.close()
        guard var components = URLComponents(string: try url()) else { throw TestSetupError("LOGBOOK_TEST_POSTGRES_URL is not a URL") }
        components.path = "/" + name
        components.query = nil
        return components.string!
    }

    static func dropSchema(_ schema: String, in location: PostgresLocation) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: location.host, port: location.port, username: location.user, password: location.password,
                                 database: location.database, tls: .disable),
            id: 1, logger: logger)
        try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"), logger: logger)
        try await connection.close()
    }
}
