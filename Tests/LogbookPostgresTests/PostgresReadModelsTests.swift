import Foundation
import LogbookCore
import LogbookPostgres
import LogbookProjections
import LogbookStore
import LogbookTestSupport
import Testing

/// `PostgresReadModels` over a database that several nodes project into.
@Suite("PostgreSQL read models shared by several nodes")
struct PostgresReadModelsTests {
    @Test("queries see every node's rows, as one store holding both logs would answer; checkpoints are the node's own")
    func twoNodesAnswerAsOne() async throws {
        let drafts = Workload.drafts(sessions: 30, seed: 41)
        // Sessions go to a node by their id; events without a session by their trace.
        let split = Dictionary(grouping: drafts) { draft in (draft.sessionID ?? draft.traceID).description.last!.hexDigitValue! & 1 }
        let nodeA = try await StoreFixture(split[0] ?? [])
        let nodeB = try await StoreFixture(split[1] ?? [])
        let both = try await StoreFixture(drafts)
        let schema = TestServer.newSchema()
        try await nodeA.projectIntoPostgres(schema: schema, node: "a", bulk: true)
        try await nodeB.projectIntoPostgres(schema: schema, node: "b", bulk: false)
        _ = try both.projectIntoSQLite()
        let reference = try ReadModels(path: ProjectionEngine.databasePath(store: both.store))
        let modelsA = try await PostgresReadModels.open(url: TestServer.url() + "?schema=\(schema)", nodeID: "a", logger: TestServer.logger)
        let modelsB = try await PostgresReadModels.open(location: TestServer.location(schema: schema, node: "b"), logger: TestServer.logger)

        // Positions differ between the nodes' logs and the combined one; these rows hold none.
        let queries: [(String, @Sendable (any ReadModelQueries) async throws -> any Encodable)] = [
            ("sessions", { try await $0.sessions(SessionFilter(limit: 100_000)) }),
            ("sessions, status error", { try await $0.sessions(SessionFilter(status: .error, limit: 100_000)) }),
            ("runs", { try await $0.runs(RunFilter(limit: 100_000)) }),
            ("llm by agent", { try await $0.llmUsage(LLMUsageFilter(by: .agent)) }),
            ("llm by day", { try await $0.llmUsage(LLMUsageFilter(by: .day)) }),
            ("stats", { try await $0.stats(agent: nil) }),
        ]
        for (name, ask) in queries {
            let want = try QueryCase.json(try await ask(reference))
            #expect(try QueryCase.json(try await ask(modelsA)) == want, "\(name)")
            #expect(try QueryCase.json(try await ask(modelsB)) == want, "\(name)")
        }
        let headA = Int64(try nodeA.log.reader.head()), headB = Int64(try nodeB.log.reader.head())
        let checkpointsA = try await modelsA.checkpoints(), checkpointsB = try await modelsB.checkpoints()
        #expect(!checkpointsA.isEmpty && checkpointsA.allSatisfy { $0.position == headA - 1 })
        #expect(checkpointsB.map(\.name) == checkpointsA.map(\.name) && checkpointsB.allSatisfy { $0.position == headB - 1 })
        #expect(headA != headB)
        await modelsA.close()
        await modelsB.close()
        try await TestServer.dropSchema(schema)
    }

    @Test("a connection the server drops is opened again: a query fails (or times out) at most once")
    func reconnects() async throws {
        let fixture = try await StoreFixture(Workload.drafts(sessions: 3, seed: 42))
        // A database of its own, so that dropping its connections touches no other test.
        let url = try await TestServer.database(named: "logbook_test_reconnect", icuLocale: "en-US")
        let location = try PostgresLocation(url: url + "?schema=reconnect", nodeID: "r")
        try await TestServer.dropSchema("reconnect", in: location)
        let engine = try await PostgresProjectionEngine.open(location: location, reader: fixture.log.reader, logger: TestServer.logger)
        try await engine.catchUp()
        await engine.close()
        let models = try await PostgresReadModels.open(location: location, queryTimeout: .seconds(10), logger: TestServer.logger)
        let before = try await models.runs(RunFilter())
        #expect(!before.isEmpty)
        let admin = try await TestServer.connect()
        try await admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'logbook_test_reconnect'", logger: TestServer.logger)
        try await admin.close()
        if let again = try? await models.runs(RunFilter()) { #expect(again == before) }
        #expect(try await models.runs(RunFilter()) == before)
        await models.close()
        try await TestServer.dropSchema("reconnect", in: location)
    }
}
