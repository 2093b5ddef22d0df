import Foundation
import LogbookCore
import LogbookTestSupport
import PostgresNIO
import Testing

/// Several Logbook nodes, each its own log with its own sessions, project into one database.
@Suite("Nodes sharing one PostgreSQL database")
struct PostgresNodesTests {
    @Test("two stores with the sessions split between them equal one store holding both", arguments: [false, true])
    func twoNodesEqualOne(rebuildSecond: Bool) async throws {
        let drafts = Workload.drafts(sessions: 40, seed: 21)
        // Sessions go to a node by their id; events without a session by their trace.
        let split = Dictionary(grouping: drafts) { draft in (draft.sessionID ?? draft.traceID).description.last!.hexDigitValue! & 1 }
        let nodeA = try await StoreFixture(split[0] ?? [])
        let nodeB = try await StoreFixture(split[1] ?? [])
        let both = try await StoreFixture(drafts)
        #expect(!(split[0] ?? []).isEmpty && !(split[1] ?? []).isEmpty)
        let shared = TestServer.newSchema()
        let single = TestServer.newSchema()
        try await nodeA.projectIntoPostgres(schema: shared, node: "a", bulk: true)
        try await nodeB.projectIntoPostgres(schema: shared, node: "b", bulk: true)
        if rebuildSecond {
            let engine = try await nodeB.openPostgres(schema: shared, node: "b")
            try await engine.rebuild()
            await engine.close()
        }
        try await both.projectIntoPostgres(schema: single, node: "all", bulk: true)
        let reference = try both.projectIntoSQLite()
        // Positions differ between the nodes' logs and the combined one.
        let excluding: Set<String> = ["last_position"]
        let got = try await Tables.dump(postgres: shared, columnsLike: reference, excluding: excluding)
        let want = try await Tables.dump(postgres: single, columnsLike: reference, excluding: excluding)
        #expect(got == want, "\(Tables.firstDifference(got, want) ?? "")")
        let connection = try await TestServer.connect()
        let nodes = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT DISTINCT node_id FROM \(shared).sessions ORDER BY 1"), logger: TestServer.logger)
        var seen: [String] = []
        for try await node in nodes.decode(String.self) { seen.append(node) }
        try await connection.close()
        #expect(seen == ["a", "b"])
        try await TestServer.dropSchema(shared)
        try await TestServer.dropSchema(single)
    }
}
