import Foundation
import GRDB
import LogbookCore
import LogbookProjections
import LogbookTestSupport
import Testing

@Suite("Every event is applied exactly once, whatever stops the projector")
struct ExactlyOnceTests {
    /// Every table and checkpoint of a clean catch-up of the fixture.
    static func cleanTables(_ drafts: [EventDraft]) async throws -> [String: [String]] {
        let clean = try await ProjectionFixture(drafts)
        try clean.engine(batchSize: 1_000).catchUp()
        return try Tables.dumpAll(clean.readOnly())
    }

    @Test("a projector stopped inside any batch (mid-transaction) and restarted equals a clean build")
    func interruptedAtEveryBatch() async throws {
        let drafts = Workload.drafts(sessions: 6, seed: 5)
        let batchSize = 40
        let batches = (drafts.count + batchSize - 1) / batchSize
        let want = try await Self.cleanTables(drafts)
        #expect(want["agent_runs"]!.count > 0)
        for stop in 0..<batches {
            let fixture = try await ProjectionFixture(drafts)
            let eventInBatch = (stop * 7) % batchSize
            do {
                try fixture.engine(batchSize: batchSize) { batch, event in
                    if batch == stop && event == eventInBatch { throw ProjectionError.interrupted(batch: batch, event: event) }
                }.catchUp()
                Issue.record("batch \(stop) was not interrupted")
            } catch let error as ProjectionError {
                #expect(error.code == .interrupted)
            }
            let checkpoints = try fixture.engine().committedCheckpoints()
            #expect(checkpoints.values.allSatisfy { $0.position == Int64(stop * batchSize) - 1 }, "stop \(stop): \(checkpoints)")
            // Restart with another batch size: the checkpoint, not the batch, decides where it resumes.
            try fixture.engine(batchSize: 33).catchUp()
            #expect(try Tables.dumpAll(fixture.readOnly()) == want, "stopped in batch \(stop)")
        }
    }

    @Test("stopping after N committed batches, then restarting, equals a clean build; a second catch-up applies nothing")
    func stoppedAfterBatches() async throws {
        let drafts = Workload.drafts(sessions: 5, seed: 8)
        let want = try await Self.cleanTables(drafts)
        for committed in [1, 2, 3] {
            #expect(drafts.count > (committed + 1) * 50)
            let fixture = try await ProjectionFixture(drafts)
            _ = try? fixture.engine(batchSize: 50) { batch, _ in
                if batch == committed { throw ProjectionError.interrupted(batch: batch, event: 0) }
            }.catchUp()
            let engine = try fixture.engine(batchSize: 50)
            let summary = try engine.catchUp()
            #expect(summary.events == drafts.count - committed * 50)
            #expect(try engine.catchUp().events == 0)
            #expect(try Tables.dumpAll(fixture.readOnly()) == want)
        }
    }

    @Test("a first catch-up builds the read models in bulk, equal to one batch by batch; the next applies only what is new")
    func firstCatchUpInBulk() async throws {
        let drafts = Workload.drafts(sessions: 8, seed: 12)
        let fixture = try await ProjectionFixture(Array(drafts.dropLast(40)))
        let summary = try fixture.engine(bulk: true).catchUp()
        #expect(summary.rebuilds.count == 1 && summary.events == 0)
        _ = try await fixture.log.append(Array(drafts.suffix(40)))
        #expect(try fixture.engine(bulk: true).catchUp().events == 40)
        let want = try await Self.cleanTables(drafts)
        #expect(try Tables.dumpAll(fixture.readOnly()) == want)
    }

    @Test("only one process writes the projections at a time")
    func writerLock() async throws {
        let fixture = try await ProjectionFixture(Workload.drafts(sessions: 1, seed: 1))
        let engine = try fixture.engine()
        #expect(throws: ProjectionError.self) { try fixture.engine() }
        _ = engine
    }
}
