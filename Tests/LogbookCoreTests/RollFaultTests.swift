import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport

/// A roll that fails at any step must leave no segment claiming positions the old segment
/// goes on filling: reads, a reopen and `verify` all see each event once, at one position.
@Suite struct RollFaultTests {
    /// 200 small events are over the 16 KiB segment limit: the first append rolls at position 200.
    static let firstBatch = 200

    @Test(arguments: [
        (SyscallKind.write, IOFault.shortWrite),
        (SyscallKind.write, IOFault.error(28)),
        (SyscallKind.sync, IOFault.error(5)),
        (SyscallKind.rename, IOFault.error(28)),
        (SyscallKind.directorySync, IOFault.error(5)),
    ])
    func aFailedRollLeavesNoSegmentBehind(kind: SyscallKind, fault: IOFault) async throws {
        let directory = TemporaryDirectory()
        let faults = FaultInjector()
        let drafts = (0..<(3 * Self.firstBatch)).map { _ in Workload.draft(session: nil) }
        let log = try TestLog.open(directory, segmentBytes: 16 << 10, faults: faults)
        // The directory sync names the directory, not the segment: it is the roll's first one.
        let path = kind == .directorySync ? nil : SegmentName.fileName(base: UInt64(Self.firstBatch))
        faults.arm(kind, fault: fault, path: path)
        try await log.append(Array(drafts[0..<Self.firstBatch]))
        try await log.append(Array(drafts[Self.firstBatch...]))
        #expect(try log.reader.read().map(\.draft) == drafts)
        #expect(try log.reader.read().map(\.position) == Array(0..<UInt64(drafts.count)))
        log.close()

        let reopened = try TestLog.open(directory, segmentBytes: 16 << 10)
        #expect(try reopened.reader.read().map(\.draft) == drafts)
        let next = try await reopened.append([Workload.draft(session: nil)])
        #expect(next.events[0].position == UInt64(drafts.count))
        reopened.close()
        let report = try LogVerifier(directory: directory.path).verify()
        #expect(report.isClean, "\(report.issues)")
    }

    /// What a roll that failed after its rename (and a crash before the file was removed)
    /// leaves: an empty segment whose base lies inside the segment before it.
    @Test func recoveryRemovesAnEmptySegmentThatOverlapsTheOneBeforeIt() async throws {
        let directory = TemporaryDirectory()
        let drafts = (0..<300).map { _ in Workload.draft(session: nil) }
        do {
            let log = try TestLog.open(directory)
            try await TestLog.append(drafts, to: log, batchSize: 50)
            log.close()
        }
        _ = try LogRecovery.createActiveSegment(directory: directory.path, base: 200, io: SystemIO())
        let reopened = try TestLog.open(directory)
        #expect(try reopened.reader.read().map(\.draft) == drafts)
        let next = try await reopened.append([Workload.draft(session: nil)])
        #expect(next.events[0].position == 300)
        reopened.close()
        let report = try LogVerifier(directory: directory.path).verify()
        #expect(report.isClean, "\(report.issues)")
    }

    /// A segment with events whose base does not follow on is damage, not a leftover: refused.
    @Test func recoveryRefusesASegmentWithEventsThatDoesNotFollowOn() async throws {
        let directory = TemporaryDirectory()
        do {
            let log = try TestLog.open(directory)
            try await TestLog.append((0..<300).map { _ in Workload.draft(session: nil) }, to: log, batchSize: 50)
            log.close()
        }
        let stray = try LogRecovery.createActiveSegment(directory: directory.path, base: 200, io: SystemIO())
        var frame = ByteWriter()
        let start = BatchFrame.begin(in: &frame)
        RecordCodec.encode(Workload.draft(session: nil), sessionSeq: 0, recordedAtMs: 0, into: &frame)
        BatchFrame.finish(in: &frame, start: start, count: 1, basePosition: 200, minTimestampMs: 0, maxTimestampMs: 0)
        try stray.write(frame.bytes, at: SegmentHeader.size)
        #expect {
            _ = try TestLog.open(directory)
        } throws: { error in
            (error as? LogbookError)?.code == .corruption && "\(error)".contains("ends at position 300")
        }
    }
}

/// Right after a seal, the ids of the sealed segment must still be found, even while the
/// segment list cannot be refreshed.
@Suite struct SealWindowTests {
    @Test func anIdOfASegmentJustSealedIsADuplicateWhileTheListCannotBeRefreshed() async throws {
        let directory = TemporaryDirectory()
        let faults = FaultInjector()
        let log = try TestLog.open(directory, segmentBytes: 16 << 10, faults: faults)
        let drafts = (0..<200).map { _ in Workload.draft(session: nil) }
        faults.arm(.list, fault: .error(5), repeats: true)
        try await log.append(drafts)
        // The sealer seals segment 0 (and commits the directories), then fails to refresh the list.
        let sessions = directory.appending(StreamFiles.sessions)
        let deadline = Date().addingTimeInterval(10)
        while try StreamDirectory.open(path: sessions, io: SystemIO()).coveredEnd < 200, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(try SegmentCatalog.kind(of: directory.appending(SegmentName.fileName(base: 0)), io: SystemIO()) == .sealed)
        let retried = try await log.append(Array(drafts.prefix(10)))
        #expect(retried.events.allSatisfy { $0.isDuplicate })
        #expect(retried.events.map(\.position) == Array(0..<10))
        faults.clear()
        let again = try await log.append(Array(drafts.suffix(10)))
        #expect(again.events.allSatisfy { $0.isDuplicate })
        #expect(try log.reader.read().map(\.draft) == drafts)
        log.close()
    }
}

/// A seal that fails after its rename (the directory sync, a stream-directory commit) is
/// finished by the retry, and later segments are sealed too.
@Suite struct SealRetryTests {
    @Test(arguments: [
        (SyscallKind.directorySync, 2, nil as String?),
        (SyscallKind.rename, 1, StreamFiles.sessions),
        (SyscallKind.rename, 1, StreamFiles.traces),
        (SyscallKind.directorySync, 3, nil),
    ])
    func aSealFailingAfterItsRenameIsFinishedByTheRetry(kind: SyscallKind, nth: Int, path: String?) async throws {
        let directory = TemporaryDirectory()
        let faults = FaultInjector()
        let log = try TestLog.open(directory, segmentBytes: 16 << 10, faults: faults)
        let drafts = (0..<400).map { index in Workload.draft(session: index % 2 == 0 ? nil : LogUUID(high: 1, low: UInt64(index % 7))) }
        // The roll makes the first directory sync; the seal of segment 0 the next ones.
        faults.arm(kind, nth: nth, fault: .error(5), path: path)
        try await log.append(Array(drafts[0..<200]))
        try await Self.waitUntilCovered(200, directory)
        try await log.append(Array(drafts[200...]))
        try await Self.waitUntilCovered(400, directory)
        #expect(try log.reader.read().map(\.draft) == drafts)
        let session = LogUUID(high: 1, low: 3)
        #expect(try log.reader.events(session: session).map(\.draft) == drafts.filter { $0.sessionID == session })
        log.close()
        let report = try LogVerifier(directory: directory.path).verify()
        #expect(report.isClean, "\(report.issues)")
    }

    static func waitUntilCovered(_ end: UInt64, _ directory: TemporaryDirectory) async throws {
        let deadline = Date().addingTimeInterval(8)
        func covered() throws -> Bool {
            try [StreamFiles.sessions, StreamFiles.traces].allSatisfy { name in
                try StreamDirectory.open(path: directory.appending(name), io: SystemIO()).coveredEnd >= end
            }
        }
        while try !covered(), Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(try covered(), "the seal up to position \(end) never finished")
    }
}

/// A sealer that fell behind seals the pending segments together, with one rewrite of the
/// session and trace directories: session reads follow the chain through all of them.
@Suite struct BatchSealTests {
    @Test func segmentsSealedTogetherChainTheirSessions() async throws {
        let directory = TemporaryDirectory()
        let faults = FaultInjector()
        let drafts = Workload.drafts(sessions: 30, seed: 41)
        do {
            let log = try TestLog.open(directory, segmentBytes: 32 << 10, faults: faults)
            faults.arm(.rename, fault: .error(28), repeats: true, path: SegmentName.sealingSuffix)
            try await TestLog.append(drafts, to: log, batchSize: 20)
            log.close()
        }
        let bases = try TestLog.segmentFiles(directory).compactMap(SegmentName.base(of:))
        #expect(bases.count > 5)
        let io = SystemIO()
        let outcomes = try SegmentSealer(directory: directory.path, io: io).seal(
            bases: Array(bases.dropLast()),
            sessions: StreamDirectory.open(path: directory.appending(StreamFiles.sessions), io: io),
            traces: StreamDirectory.open(path: directory.appending(StreamFiles.traces), io: io)
        )
        #expect(outcomes.map(\.endPosition) == Array(bases.dropFirst()))
        let reader = try LogReader.open(directory: directory.path)
        for session in Set(drafts.compactMap(\.sessionID)) {
            #expect(try reader.events(session: session).map(\.draft) == drafts.filter { $0.sessionID == session })
        }
        for trace in Set(drafts.map(\.traceID)).prefix(20) {
            #expect(try reader.events(trace: trace).map(\.draft) == drafts.filter { $0.traceID == trace })
        }
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
        let reopened = try TestLog.open(directory, segmentBytes: 32 << 10)
        #expect(reopened.recovery.sealedOnOpen.isEmpty)
        let session = try #require(drafts.compactMap(\.sessionID).first)
        let version = UInt64(drafts.count { $0.sessionID == session })
        let next = try await reopened.append([Workload.draft(session: session)], expecting: [session: version])
        #expect(next.events[0].sessionSeq == version + 1)
        reopened.close()
    }
}
