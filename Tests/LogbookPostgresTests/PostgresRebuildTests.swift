import Foundation
import LogbookTestSupport
import PostgresNIO
import Synchronization
import Testing

@Suite("PostgreSQL rebuilds go through a shadow schema while the tables keep answering")
struct PostgresRebuildTests {
    @Test("a reader keeps getting whole answers during a rebuild, and the rebuild equals the original")
    func rebuildWhileReading() async throws {
        let fixture = try await StoreFixture(Workload.drafts(sessions: 60, seed: 41))
        let schema = TestServer.newSchema()
        try await fixture.projectIntoPostgres(schema: schema, node: "n1", bulk: false)
        let reference = try fixture.projectIntoSQLite()
        let before = try await Tables.dump(postgres: schema, columnsLike: reference)
        let runs = before["agent_runs"]!.count
        let steps = before["trace_steps"]!.count

        let done = Atomic<Bool>(false)
        let reader = Task {
            let connection = try await TestServer.connect()
            var answers = 0
            var wrong: [String] = []
            while !done.load(ordering: .acquiring) {
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT (SELECT count(*) FROM \(schema).agent_runs), (SELECT count(*) FROM \(schema).trace_steps)"),
                    logger: TestServer.logger)
                for try await (runCount, stepCount) in rows.decode((Int, Int).self) where runCount != runs || stepCount != steps {
                    wrong.append("\(runCount) runs, \(stepCount) steps")
                }
                answers += 1
            }
            try await connection.close()
            return (answers, wrong)
        }
        let engine = try await fixture.openPostgres(schema: schema, node: "n1")
        let summary = try await engine.rebuild()
        await engine.close()
        done.store(true, ordering: .releasing)
        let (answers, wrong) = try await reader.value
        #expect(summary.events == Int(try fixture.log.reader.head()))
        #expect(answers > 0)
        #expect(wrong.isEmpty, "a reader saw \(wrong.prefix(3))")
        let after = try await Tables.dump(postgres: schema, columnsLike: reference)
        #expect(after == before, "\(Tables.firstDifference(after, before) ?? "")")
        try await TestServer.dropSchema(schema)
    }
}
