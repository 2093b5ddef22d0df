import Foundation
import LogbookCore
import LogbookStore
import LogbookTestSupport
import Testing

/// `logbook query … --postgres` reads PostgreSQL and prints what `logbook query` prints from
/// SQLite; `logbook query health` says whether the read models answer.
@Suite("logbook query with --postgres")
struct QueryCLITests {
    @Test("the queries print the same rows from PostgreSQL as from SQLite; health says postgresql, reachable, no lag")
    func sameRowsFromPostgres() async throws {
        let fixture = try await StoreFixture(Workload.drafts(sessions: 12, seed: 31))
        let schema = TestServer.newSchema()
        let url = try TestServer.url() + "?schema=\(schema)"
        let postgres = ["--postgres", url, "--node-id", "cli"]
        let store = ["--store", fixture.store]
        try expectSuccess(logbook(["project"] + store))
        try expectSuccess(logbook(["project"] + store + postgres))
        let run = try #require(fixture.log.reader.read(from: 0, limit: 10_000).first { $0.eventType == "run.started" }).traceID.description
        // The generated workload has no unpriced model and no log lines: those two print `[]`.
        for (query, hasRows) in [
            (["runs", "--limit", "5", "--offset", "2"], true), (["run", run], true), (["llm", "--by", "model"], true),
            (["llm", "--unpriced"], false), (["stats"], true), (["sessions", "--limit", "100"], true), (["steps", "--trace", run], true),
            (["logs", "--run", run], false),
        ] {
            let sqlite = try logbook(["query"] + query + store + ["--json"])
            let fromPostgres = try logbook(["query"] + query + store + postgres + ["--json"])
            try expectSuccess(sqlite)
            #expect(fromPostgres.status == 0 && fromPostgres.stdout == sqlite.stdout, "query \(query): \(fromPostgres.stderr)")
            #expect((sqlite.stdout.trimmingCharacters(in: .whitespacesAndNewlines) != "[]") == hasRows, "query \(query): \(sqlite.stdout)")
        }
        let health = try logbook(["query", "health", "--json"] + store + postgres)
        try expectSuccess(health)
        let decoded = try JSONDecoder().decode(ReadModelHealth.self, from: Data(health.stdout.utf8))
        #expect(decoded.backend == .postgresql && decoded.reachable && decoded.lag == 0 && decoded.error == nil)
        #expect(decoded.head == (try fixture.log.reader.head()) && !decoded.projectors.isEmpty)
        let table = try logbook(["query", "health"] + store)
        #expect(table.status == 0 && table.stdout.contains("sqlite") && table.stdout.contains("reachable  yes"))
        try await TestServer.dropSchema(schema)
    }

    @Test("health exits 1 and says why when PostgreSQL does not answer or holds no read models; queries fail clearly")
    func unreachable() async throws {
        let fixture = try await StoreFixture(Workload.drafts(sessions: 2, seed: 32))
        let store = ["--store", fixture.store]
        let closed = ["--postgres", "postgres://logbook@127.0.0.1:1/postgres"]
        let health = try logbook(["query", "health", "--json"] + store + closed)
        #expect(health.status == 1)
        let decoded = try JSONDecoder().decode(ReadModelHealth.self, from: Data(health.stdout.utf8))
        #expect(decoded.backend == .postgresql && !decoded.reachable && decoded.projectors.isEmpty)
        #expect(decoded.error?.contains("cannot reach PostgreSQL at 127.0.0.1:1/postgres") == true)
        #expect(decoded.lag == decoded.head && decoded.head > 0)
        let runs = try logbook(["query", "runs"] + store + closed)
        #expect(runs.status != 0 && runs.stderr.contains("cannot reach PostgreSQL"))

        let empty = ["--postgres", try TestServer.url() + "?schema=\(TestServer.newSchema())"]
        let notProjected = try logbook(["query", "sessions"] + store + empty)
        #expect(notProjected.status != 0 && notProjected.stderr.contains("run `logbook project --postgres URL` first"), "\(notProjected.stderr)")
        let sqlite = try logbook(["query", "health"] + store)
        #expect(sqlite.status == 1 && sqlite.stdout.contains("reachable  no"))
    }

    private func logbook(_ arguments: [String]) throws -> ChildProcess.Outcome {
        try ChildProcess.run(ChildProcess.executable("logbook"), arguments, environment: ["LOGBOOK_POSTGRES_URL": ""])
    }

    private func expectSuccess(_ outcome: ChildProcess.Outcome, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(outcome.status == 0, "exit \(outcome.status): \(outcome.stderr)", sourceLocation: sourceLocation)
    }
}
