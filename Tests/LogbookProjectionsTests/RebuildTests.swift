import Foundation
import GRDB
import LogbookCatalogue
import LogbookCore
import LogbookProjections
import LogbookTestSupport
import Synchronization
import Testing

/// A projector under another version, as after a schema change.
struct Reversioned: Projector {
    let base: any Projector
    let version: Int
    var name: String { base.name }
    var schemaFile: String { base.schemaFile }
    func apply(_ event: ProjectedEvent, to sql: any ProjectionSQL) throws { try base.apply(event, to: sql) }
    func finishBatch(_ events: [ProjectedEvent], to sql: any ProjectionSQL) throws { try base.finishBatch(events, to: sql) }
}

@Suite("Rebuilds go through a shadow database while the tables keep answering")
struct RebuildTests {
    @Test("a reader keeps getting answers during a rebuild, and the rebuild equals the original")
    func rebuildWhileReading() async throws {
        let fixture = try await ProjectionFixture(Workload.drafts(sessions: 60, seed: 4))
        try fixture.engine().catchUp()
        let want = try Tables.dumpAll(fixture.readOnly())
        let runs = want["agent_runs"]!.count
        let answers = Atomic<Int>(0)
        let failures = Mutex<[String]>([])
        let done = Atomic<Bool>(false)
        let reader = try fixture.readOnly()
        let readerThread = Thread {
            while !done.load(ordering: .acquiring) {
                do {
                    let count = try reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM agent_runs") }
                    if count != runs { failures.withLock { $0.append("count \(count ?? -1)") } }
                    answers.add(1, ordering: .relaxed)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        readerThread.start()
        let engine = try fixture.engine(rebuildBatchSize: 200)
        let before = answers.load(ordering: .relaxed)
        let summary = try engine.rebuild()
        let during = answers.load(ordering: .relaxed) - before
        done.store(true, ordering: .releasing)
        #expect(try summary.events == fixture.log.reader.read().count)
        #expect(during > 0, "no query was answered during the rebuild")
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 }.prefix(3))")
        #expect(try Tables.dumpAll(fixture.readOnly()) == want)
        #expect(!FileManager.default.fileExists(atPath: ProjectionEngine.shadowPath(store: fixture.store)))
        print("rebuild: \(summary.events) events in \(summary.seconds) s, \(during) queries answered meanwhile")
    }

    /// The rows of one event are written as their batch ends, so what later batches do to
    /// them (deletions, removals, numbering, tool names) is checked with batches of a few events.
    @Test("folded in memory, a rebuild equals one statement by statement, whatever the batch", arguments: [1, 3, 7, 5_000])
    func foldedEqualsStatements(batch: Int) async throws {
        let fixture = try await ProjectionFixture(FoldEdgeCases.drafts() + Workload.drafts(sessions: 12, seed: 21))
        // Wrapped projectors are not the standard ones: they rebuild statement by statement.
        try fixture.engine(projectors: Projectors.all.map { Reversioned(base: $0, version: $0.version) }, rebuildBatchSize: batch).rebuild()
        let statements = try Tables.dumpAll(fixture.readOnly())
        #expect(statements["agent_runs"]!.count > 10 && statements["trace_steps"]!.count > 50)
        try fixture.engine(rebuildBatchSize: batch).rebuild()
        let folded = try Tables.dumpAll(fixture.readOnly())
        for table in Tables.all { #expect(folded[table] == statements[table], "\(table)") }
    }

    /// A tombstone is what keeps a deleted run's late events out; a rebuild that dropped
    /// `deleted_runs` let them bring the run back.
    @Test("a rebuild keeps the runs' tombstones: a deleted run's event appended after it adds no rows", arguments: [false, true])
    func rebuildKeepsTombstones(bulkCatchUp: Bool) async throws {
        let drafts = FoldEdgeCases.drafts()
        let fixture = try await ProjectionFixture(drafts)
        let statements = try await ProjectionFixture(drafts)
        try statements.engine().catchUp()
        let want = try await statements.readOnly().read { try Tables.dump("deleted_runs", in: $0) }
        #expect(want.count == 2)
        if bulkCatchUp { try fixture.engine(bulk: true).catchUp() } else { try fixture.engine().rebuild() }
        #expect(try await fixture.readOnly().read { try Tables.dump("deleted_runs", in: $0) } == want)
        let doomed = LogUUID("d0000000-0000-4000-8000-000000000001")!
        _ = try await fixture.log.append([EventDraft(
            id: .random(), eventType: EventType.llmInteraction, sessionID: nil, traceID: doomed, userID: nil, agentID: "late",
            timestampMs: FoldEdgeCases.base + 500, payload: Array(#"{"provider":"openai","model":"gpt-4o","prompt":"late","input_tokens":1}"#.utf8))])
        try fixture.engine().catchUp()
        let late = try await fixture.readOnly().read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM llm_interactions WHERE run_id = ?", arguments: [doomed.description])
        }
        #expect(late == 0)
    }

    @Test("a rebuild that dies mid-way leaves the old tables and checkpoints as they were")
    func crashMidRebuild() async throws {
        let drafts = Workload.drafts(sessions: 20, seed: 9)
        let fixture = try await ProjectionFixture(Array(drafts.prefix(drafts.count / 2)))
        try fixture.engine().catchUp()
        let before = try Tables.dumpAll(fixture.readOnly())
        let checkpoints = try fixture.engine().committedCheckpoints()
        _ = try await fixture.log.append(Array(drafts.suffix(from: drafts.count / 2)))
        #expect(throws: ProjectionError.self) {
            try fixture.engine(rebuildBatchSize: 100) { batch, _ in
                if batch == 3 { throw ProjectionError.interrupted(batch: batch, event: 0) }
            }.rebuild(names: ["runs", "llm"])
        }
        #expect(try Tables.dumpAll(fixture.readOnly()) == before)
        #expect(try fixture.engine().committedCheckpoints().mapValues(\.position) == checkpoints.mapValues(\.position))
        try fixture.engine().rebuild(names: ["runs", "llm"])
        try fixture.engine().catchUp()
        let clean = try await ProjectionFixture(drafts)
        try clean.engine().catchUp()
        #expect(try Tables.dumpAll(fixture.readOnly()) == Tables.dumpAll(clean.readOnly()))
    }

    @Test("bumping a projector's version rebuilds it from position 0 on the next catch-up")
    func versionBump() async throws {
        let fixture = try await ProjectionFixture(Workload.drafts(sessions: 10, seed: 2))
        try fixture.engine().catchUp()
        let want = try Tables.dumpAll(fixture.readOnly())
        // Damage the runs table so that only a rebuild can restore it.
        try await DatabaseQueue(path: fixture.databasePath).write { try $0.execute(sql: "DELETE FROM agent_runs") }
        let bumped: [any Projector] = Projectors.all.map { $0.name == "runs" ? Reversioned(base: $0, version: 2) : $0 }
        let summary = try fixture.engine(projectors: bumped).catchUp()
        #expect(summary.rebuilds.map(\.projectors) == [["runs"]])
        #expect(try fixture.engine(projectors: bumped).committedCheckpoints()["runs"]?.version == 2)
        #expect(try Tables.dumpAll(fixture.readOnly()) == want)
        #expect(try fixture.engine(projectors: bumped).catchUp().rebuilds.isEmpty)
    }

    @Test("rebuild refuses an unknown projection, naming the known ones")
    func unknownProjection() async throws {
        let fixture = try await ProjectionFixture(Workload.drafts(sessions: 1, seed: 2))
        #expect { try fixture.engine().rebuild(names: ["nope"]) } throws: { error in
            (error as? ProjectionError)?.message.contains("runs") == true
        }
    }
}
