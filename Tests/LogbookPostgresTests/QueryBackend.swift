import LogbookPostgres
import LogbookProjections
import LogbookStore
import Testing

/// A backend of the read-model queries, made from the corpus's log: the suite asks every
/// backend in `all` the same questions and wants the same answers. Another backend is one
/// more entry.
struct QueryBackend: Sendable, CustomTestStringConvertible {
    let name: String
    /// Projects the corpus and opens the backend's queries.
    let open: @Sendable (QueryCorpus) async throws -> any ReadModelQueries

    var testDescription: String { name }

    static let all: [QueryBackend] = [sqlite, postgres]

    /// The embedded default; the others are compared with it.
    static let sqlite = QueryBackend(name: "sqlite") { corpus in
        try ProjectionEngine(reader: corpus.log.reader, logger: TestServer.logger).catchUp()
        return try ReadModels(path: ProjectionEngine.databasePath(store: corpus.store))
    }

    static let postgresSchema = "test_read_model_queries"

    static let postgres = QueryBackend(name: "postgresql") { corpus in
        try await TestServer.dropSchema(postgresSchema)
        let location = try TestServer.location(schema: postgresSchema, node: "queries")
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
