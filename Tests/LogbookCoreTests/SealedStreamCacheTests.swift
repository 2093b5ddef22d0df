import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport
import LogbookWorkload

/// A session read again (what an agent does before every turn) is served from what the
/// reader kept of the sealed segments, and gives the same events as a reader that keeps nothing.
@Suite struct SealedStreamCacheTests {
    @Test func aSessionReadAgainReadsNoSealedBlock() async throws {
        let directory = TemporaryDirectory()
        let (log, drafts) = try await SegmentTests.multiSegmentLog(directory, sessions: 120)
        log.close()
        let faults = FaultInjector()
        let reader = try LogReader(directory: directory.path, io: SystemIO(faults: faults), headSource: .directory)
        let session = try #require(drafts.compactMap(\.sessionID).first)
        let expected = drafts.filter { $0.sessionID == session }

        let beforeFirst = faults.bytesRead(pathContaining: SegmentName.suffix)
        let first = try reader.events(session: session)
        let firstBytes = faults.bytesRead(pathContaining: SegmentName.suffix) - beforeFirst
        let second = try reader.events(session: session)
        let secondBytes = faults.bytesRead(pathContaining: SegmentName.suffix) - beforeFirst - firstBytes

        #expect(first.map(\.draft) == expected)
        #expect(second == first)
        // Only the active segment is read again: a sealed block is thousands of bytes.
        let activeBytes = try activeSegmentBytes(directory)
        #expect(firstBytes > activeBytes)
        #expect(secondBytes <= activeBytes, "the second read read \(secondBytes) bytes, the first \(firstBytes)")
    }

    @Test(arguments: [0, 4 << 10, 32 << 20])
    func cachedReadsEqualUncachedOnesWhateverTheBudget(budget: Int) async throws {
        let directory = TemporaryDirectory()
        let (log, drafts) = try await SegmentTests.multiSegmentLog(directory, sessions: 40)
        log.close()
        let reader = try LogReader(directory: directory.path, io: SystemIO(), headSource: .directory, streamCacheBytes: budget)
        let sessions = Array(Set(drafts.compactMap(\.sessionID))).sorted()
        let traces = Array(Set(drafts.map(\.traceID))).sorted().prefix(40)
        let seed = UInt64.random(in: 0...UInt64.max)
        print("budget \(budget), seed \(seed)")
        var generator = SplitMix64(seed: seed)
        for _ in 0..<3 {
            for session in sessions.shuffled(using: &generator) {
                let all = drafts.enumerated().filter { $0.element.sessionID == session }
                #expect(try reader.events(session: session).map(\.draft) == all.map(\.element))
                // As of a position inside the session: only the events before it.
                let cut = UInt64(all[all.count / 2].offset)
                #expect(try reader.events(session: session, before: cut).map(\.draft) == all.filter { UInt64($0.offset) < cut }.map(\.element))
            }
            for trace in traces.shuffled(using: &generator) {
                #expect(try reader.events(trace: trace).map(\.draft) == drafts.filter { $0.traceID == trace })
            }
        }
        #expect(reader.streamCache.bytes <= budget)
    }

    /// The writer's own reader, read between appends that roll and seal segments: what it kept
    /// of the sealed ones never hides the session's newer events, wherever they are.
    @Test func aSessionGrowingAcrossSealsIsReadWhole() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory, segmentBytes: 32 << 10)
        let session = LogUUID.random()
        var appended: [EventDraft] = []
        for round in 0..<30 {
            let batch = (0..<40).map { index in
                Workload.draft(session: index % 4 == 0 ? session : .random(), text: String(repeating: "r\(round) ", count: 20))
            }
            try await TestLog.append(batch, to: log, batchSize: 20)
            appended += batch
            let read = try log.reader.events(session: session)
            #expect(read.map(\.draft) == appended.filter { $0.sessionID == session }, "round \(round)")
        }
        log.close()
        #expect(try TestLog.segmentFiles(directory).count > 5)
    }

    private func activeSegmentBytes(_ directory: TemporaryDirectory) throws -> Int {
        let last = try #require(TestLog.segmentFiles(directory).last)
        return try FileManager.default.attributesOfItem(atPath: directory.appending(last))[.size] as! Int
    }
}
