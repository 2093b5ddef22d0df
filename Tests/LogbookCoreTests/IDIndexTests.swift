import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport

/// The id index keeps the cost of an id lookup from growing with the number of sealed
/// segments, and the catalog keeps a bounded number of them open.
@Suite struct IDIndexTests {
    @Test func idsOfEverySegmentAreFoundThroughABoundedNumberOfRuns() async throws {
        let directory = TemporaryDirectory()
        let drafts = (0..<4000).map { Workload.draft(session: LogUUID(high: 9, low: UInt64($0 % 10)), text: "event \($0)") }
        do {
            let log = try TestLog.open(directory, segmentBytes: 4 << 10)
            try await TestLog.append(drafts, to: log, batchSize: 20)
            log.close()
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let segments = names.compactMap(SegmentName.base(of:)).sorted()
        let index = try IDIndex(directory: directory.path, io: SystemIO(), logger: TestLog.logger)
        let catalog = try SegmentCatalog(directory: directory.path, io: SystemIO())
        let unindexed = catalog.sealedBases(from: index.coveredEnd)
        var levels = 1
        while Int(pow(Double(IDIndex.fanOut), Double(levels))) < segments.count { levels += 1 }
        print("\(segments.count) segments: \(index.runCount) id runs, \(unindexed.count) sealed segments not in a run")
        #expect(segments.count > 64)
        #expect(unindexed.count < IDIndex.fanOut)
        #expect(index.runCount <= (IDIndex.fanOut - 1) * levels)
        #expect(index.runCount > 0)
        // Every id is found, through the runs or the few segments past them.
        for (position, draft) in drafts.enumerated() where position % 7 == 0 {
            var found = try index.position(of: draft.id)
            for base in unindexed where found == nil {
                guard case .sealed(let segment)? = try catalog.segment(base: base) else { continue }
                found = try segment.position(ofID: draft.id)
            }
            if found == nil, position >= Int(segments.last!) { continue }  // in the active segment
            #expect(found == UInt64(position))
        }
        #expect(try index.position(of: .random()) == nil)
        #expect(catalog.openSealedCount <= SegmentCatalog.openSealedLimit)

        // The writer finds them too, after a restart: retries are duplicates, changes conflicts.
        let reopened = try TestLog.open(directory, segmentBytes: 4 << 10)
        let retried = try await reopened.append(Array(drafts[0..<50]) + Array(drafts[1990..<2010]))
        #expect(retried.events.allSatisfy { $0.isDuplicate })
        #expect(retried.events.map(\.position) == Array(0..<50) + Array(1990..<2010))
        var changed = drafts[123]
        changed.agentID = "another"
        let error = await #expect(throws: LogbookError.self) { try await reopened.append([changed]) }
        #expect(error?.conflict == .init(id: changed.id, position: 123, field: "agent_id"))
        // Reading the whole log keeps no more than the bound of sealed segments open.
        #expect(try reopened.reader.read().map(\.draft) == drafts)
        #expect(reopened.reader.catalog.openSealedCount <= SegmentCatalog.openSealedLimit)
        reopened.close()
    }

    @Test func waitingUntilSealedLeavesOnlyTheActiveSegmentRawAndEverySealedOneIndexed() async throws {
        let directory = TemporaryDirectory()
        let drafts = (0..<3000).map { Workload.draft(session: LogUUID(high: 7, low: UInt64($0 % 5)), text: "event \($0)") }
        let log = try TestLog.open(directory, segmentBytes: 4 << 10)
        defer { log.close() }
        try await TestLog.append(drafts, to: log, batchSize: 50)
        log.waitUntilSealed()
        let stats = try log.reader.stats()
        #expect(stats.activeSegments == 1)
        #expect(stats.sealedSegments > 2 * IDIndex.fanOut)
        let index = try IDIndex(directory: directory.path, io: SystemIO(), logger: TestLog.logger)
        #expect(log.reader.catalog.sealedBases(from: index.coveredEnd).count < IDIndex.fanOut)
    }

    @Test func aMergeCutShortLeavesRunsThatOpeningSortsOut() async throws {
        let directory = TemporaryDirectory()
        let drafts = (0..<3000).map { Workload.draft(session: nil, text: "event \($0)") }
        do {
            let log = try TestLog.open(directory, segmentBytes: 4 << 10)
            try await TestLog.append(drafts, to: log, batchSize: 20)
            log.close()
        }
        let runs = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { IDRun.parse(name: $0) != nil }
        let merged = try #require(runs.first { IDRun.parse(name: $0)!.level == 1 })
        // As if the merge stopped before removing its inputs: a level-0 run inside the merged one.
        let (_, first, end) = IDRun.parse(name: merged)!
        let stale = directory.appending(IDRun.fileName(level: 0, firstBase: first, endPosition: (first + end) / 2))
        try Data("stale".utf8).write(to: URL(fileURLWithPath: stale))
        let index = try IDIndex(directory: directory.path, io: SystemIO(), logger: TestLog.logger)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(try index.position(of: drafts[3].id) == 3)
    }
}
