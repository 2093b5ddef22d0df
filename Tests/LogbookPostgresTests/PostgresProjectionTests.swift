import Foundation
import LogbookCore
import LogbookPostgres
import LogbookTestSupport
import PostgresNIO
import Testing

/// The projectors folded into a real PostgreSQL server give the SQLite read models' rows.
@Suite("PostgreSQL read models equal the SQLite ones")
struct PostgresProjectionTests {
    @Test("the same log gives the same tables in PostgreSQL as in SQLite", arguments: [false, true])
    func sameTablesAsSQLite(bulk: Bool) async throws {
        let fixture = try await StoreFixture(Workload.drafts(sessions: 40, seed: 7))
        let sqlite = try fixture.projectIntoSQLite()
        let schema = TestServer.newSchema()
        try await fixture.projectIntoPostgres(schema: schema, node: "n1", bulk: bulk, batchSize: 100)
        let want = try Tables.dump(sqlite: sqlite)
        let got = try await Tables.dump(postgres: schema, columnsLike: sqlite)
        #expect(want["agent_runs"]?.isEmpty == false)
        #expect(got == want, "\(Tables.firstDifference(got, want) ?? "")")
        try await TestServer.dropSchema(schema)
    }

    /// The bulk path writes each event's rows as its batch ends, so what later batches do to
    /// them (a run's deletion, a message's removal, a result's tool name, the steps' order) is
    /// checked with batches of a few events.
    @Test("the bulk catch-up gives the SQLite tables whatever its batch", arguments: [1, 3, 7, 5_000])
    func bulkEqualsSQLiteWhateverTheBatch(batch: Int) async throws {
        let fixture = try await StoreFixture(FoldEdgeCases.drafts() + Workload.drafts(sessions: 12, seed: 21))
        let sqlite = try fixture.projectIntoSQLite()
        let schema = TestServer.newSchema()
        try await fixture.projectIntoPostgres(schema: schema, node: "n1", bulk: true, rebuildBatchSize: batch)
        let want = try Tables.dump(sqlite: sqlite)
        let got = try await Tables.dump(postgres: schema, columnsLike: sqlite)
        #expect(want["deleted_runs"]?.isEmpty == false && want["message_removals"]?.isEmpty == false)
        #expect(got == want, "\(Tables.firstDifference(got, want) ?? "")")
        try await TestServer.dropSchema(schema)
    }

    @Test("catching up again applies nothing twice, and new events land once")
    func resumesExactly() async throws {
        let drafts = Workload.drafts(sessions: 30, seed: 8)
        let half = drafts.count / 2
        let fixture = try await StoreFixture(Array(drafts[..<half]))
        let schema = TestServer.newSchema()
        try await fixture.projectIntoPostgres(schema: schema, node: "n1", bulk: true)
        try await fixture.projectIntoPostgres(schema: schema, node: "n1", bulk: true)
        var start = half
        while start < drafts.count {
            let end = min(drafts.count, start + 500)
            _ = try await fixture.log.append(Array(drafts[start..<end]))
            start = end
        }
        try await fixture.projectIntoPostgres(schema: schema, node: "n1", bulk: true, batchSize: 37)
        let sqlite = try fixture.projectIntoSQLite()
        let got = try await Tables.dump(postgres: schema, columnsLike: sqlite)
        let want = try Tables.dump(sqlite: sqlite)
        #expect(got == want, "\(Tables.firstDifference(got, want) ?? "")")
        try await TestServer.dropSchema(schema)
    }

    @Test("a second node's log into the same database is refused under the first node's id")
    func foreignLogIsRefused() async throws {
        let first = try await StoreFixture(Workload.drafts(sessions: 3, seed: 9))
        let second = try await StoreFixture(Workload.drafts(sessions: 3, seed: 10))
        let schema = TestServer.newSchema()
        try await first.projectIntoPostgres(schema: schema, node: "n1", bulk: false)
        await #expect {
            try await second.projectIntoPostgres(schema: schema, node: "n1", bulk: false)
        } throws: { error in
            (error as? PostgresProjectionError)?.code == .foreignLog
        }
        try await second.projectIntoPostgres(schema: schema, node: "n2", bulk: false)
        try await TestServer.dropSchema(schema)
    }
}
