import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport

/// Failing system calls on purpose: each append fails cleanly, nothing acknowledged is
/// lost, and the log takes appends again once the fault is gone, without a restart.
@Suite struct FaultTests {
    @Test(arguments: [
        (SyscallKind.write, IOFault.error(5)),
        (SyscallKind.write, IOFault.error(28)),
        (SyscallKind.write, IOFault.shortWrite),
        (SyscallKind.sync, IOFault.error(5)),
    ])
    func aFailedAppendLosesNothingAndTheLogGoesOn(kind: SyscallKind, fault: IOFault) async throws {
        let directory = TemporaryDirectory()
        let faults = FaultInjector()
        let log = try TestLog.open(directory, faults: faults)
        let drafts = Workload.drafts(sessions: 5, seed: 4)
        try await TestLog.append(Array(drafts.prefix(100)), to: log, batchSize: 20)
        faults.arm(kind, fault: fault)
        let error = await #expect(throws: LogbookError.self) { try await log.append(Array(drafts[100..<120])) }
        #expect(error?.code == .io)
        #expect(try log.reader.head() == 100)
        try await TestLog.append(Array(drafts[100...]), to: log, batchSize: 20)
        #expect(try log.reader.read().map(\.draft) == drafts)
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
        log.close()
        let reopened = try TestLog.open(directory)
        #expect(reopened.recovery.truncatedBytes == 0)
        #expect(try reopened.reader.read().map(\.draft) == drafts)
        reopened.close()
    }

    @Test func aDiskThatStaysFullFailsEveryAppendUntilSpaceReturns() async throws {
        let directory = TemporaryDirectory()
        let faults = FaultInjector()
        let log = try TestLog.open(directory, faults: faults)
        try await log.append([Workload.draft(session: nil)])
        faults.arm(.write, fault: .shortWrite, repeats: true)
        for _ in 0..<3 {
            await #expect(throws: LogbookError.self) { try await log.append([Workload.draft(session: nil)]) }
        }
        faults.clear()
        try await log.append([Workload.draft(session: nil)])
        #expect(try log.reader.read().map(\.position) == [0, 1])
        log.close()
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
    }

    @Test func aFailedSealLeavesTheSegmentReadableAndIsRetried() async throws {
        let directory = TemporaryDirectory()
        let faults = FaultInjector()
        let drafts = Workload.drafts(sessions: 20, seed: 6)
        do {
            let log = try TestLog.open(directory, segmentBytes: 64 << 10, faults: faults)
            faults.arm(.rename, fault: .error(28), repeats: true, path: SegmentName.sealingSuffix)
            try await TestLog.append(drafts, to: log, batchSize: 30)
            #expect(try log.reader.read().map(\.draft) == drafts)
            let session = try #require(drafts.compactMap(\.sessionID).first)
            #expect(try log.reader.events(session: session).map(\.draft) == drafts.filter { $0.sessionID == session })
            log.close()
        }
        let kinds = try TestLog.segmentFiles(directory).map { try SegmentCatalog.kind(of: directory.appending($0), io: SystemIO()) }
        #expect(kinds.count > 2 && kinds.allSatisfy { $0 == .active }, "no seal can have succeeded: \(kinds)")
        let reopened = try TestLog.open(directory, segmentBytes: 64 << 10)
        #expect(reopened.recovery.sealedOnOpen.count == kinds.count - 1)
        #expect(try reopened.reader.read().map(\.draft) == drafts)
        reopened.close()
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
    }

    @Test func aFailedRollKeepsAppendingToTheActiveSegment() async throws {
        let directory = TemporaryDirectory()
        let faults = FaultInjector()
        let log = try TestLog.open(directory, segmentBytes: 16 << 10, faults: faults)
        faults.arm(.open, fault: .error(24), repeats: true)
        let drafts = Workload.drafts(sessions: 5, seed: 1)
        try await TestLog.append(drafts, to: log, batchSize: 10)
        faults.clear()
        #expect(try log.reader.read().map(\.draft) == drafts)
        try await log.append([Workload.draft(session: nil)])
        log.close()
        #expect(try TestLog.segmentFiles(directory).count >= 2)
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
    }
}

@Suite struct SealFaultTests {
    @Test(arguments: [1, 3, 8])
    func aWriteFailingMidSealLeavesTheActiveSegmentWhole(nth: Int) async throws {
        let directory = TemporaryDirectory()
        let drafts = Workload.drafts(sessions: 6, seed: 12)
        do {
            let log = try TestLog.open(directory)
            try await TestLog.append(drafts, to: log, batchSize: 25)
            log.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: directory.appending(SegmentName.fileName(base: 0))))
        let faults = FaultInjector()
        faults.arm(.write, nth: nth, fault: .error(28))
        let io = SystemIO(faults: faults)
        #expect(throws: LogbookError.self) {
            _ = try SegmentSealer(directory: directory.path, io: io).seal(
                base: 0,
                sessions: StreamDirectory.open(path: directory.appending(StreamFiles.sessions), io: io),
                traces: StreamDirectory.open(path: directory.appending(StreamFiles.traces), io: io)
            )
        }
        // The active segment is untouched and still the one on disk; verify is clean.
        let after = try Data(contentsOf: URL(fileURLWithPath: directory.appending(SegmentName.fileName(base: 0))))
        #expect(after == before)
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
        // Opening clears the half-written temp files, and a seal then succeeds.
        let reopened = try TestLog.open(directory)
        #expect(try reopened.reader.read().map(\.draft) == drafts)
        reopened.close()
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sealing") || $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        _ = try SegmentSealer(directory: directory.path, io: SystemIO()).seal(
            base: 0,
            sessions: StreamDirectory.open(path: directory.appending(StreamFiles.sessions), io: SystemIO()),
            traces: StreamDirectory.open(path: directory.appending(StreamFiles.traces), io: SystemIO())
        )
        #expect(try SegmentCatalog.kind(of: directory.appending(SegmentName.fileName(base: 0)), io: SystemIO()) == .sealed)
        #expect(try LogReader.open(directory: directory.path).read().map(\.draft) == drafts)
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
    }
}

/// Under `interval`, a failed background sync is fatal for what it covered: on Linux the
/// retry can succeed without the data on disk, so those events are never published.
@Suite struct IntervalSyncFaultTests {
    @Test func aFailedBackgroundSyncNeverPublishesWhatItCovered() async throws {
        let directory = TemporaryDirectory()
        let faults = FaultInjector()
        let drafts = (0..<20).map { _ in Workload.draft(session: nil) }
        let log = try TestLog.open(directory, faults: faults, durability: .interval(milliseconds: 20))
        try await log.append(Array(drafts[0..<10]))
        let deadline = Date().addingTimeInterval(5)
        while try log.reader.head() < 10, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(try log.reader.head() == 10)
        faults.arm(.sync, fault: .error(5), path: SegmentName.fileName(base: 0))
        try await log.append(Array(drafts[10..<20]))
        try await Task.sleep(for: .milliseconds(300))
        #expect(try log.reader.head() == 10, "events whose sync failed were published")
        let error = await #expect(throws: LogbookError.self) { try await log.append([Workload.draft(session: nil)]) }
        #expect(error?.code == .closed)
        log.close()
        let reopened = try TestLog.open(directory)
        #expect(try reopened.reader.read().map(\.draft) == Array(drafts[0..<10]))
        reopened.close()
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
    }
}

/// `HEAD` tells readers in other processes how far the writer has made events durable. It has
/// two slots written in turn, so a write of it that fails or is read half-done never leaves a
/// reader without a head, reading events that are not durable yet.
@Suite struct HeadFileTests {
    @Test func aFailedHeadWriteLeavesTheLastHeadWrittenReadable() throws {
        let directory = TemporaryDirectory()
        let faults = FaultInjector()
        let head = try HeadFile(directory: directory.path, io: SystemIO(faults: faults))
        try head.write(5)
        #expect(HeadFile.read(directory: directory.path, io: SystemIO()) == 5)
        faults.arm(.write, fault: .shortWrite, repeats: true, path: HeadFile.name)
        // Failing again and again must not wear down the slot that still holds 5.
        for value: UInt64 in [9, 12, 15] {
            #expect(throws: LogbookError.self) { try head.write(value) }
            #expect(HeadFile.read(directory: directory.path, io: SystemIO()) == 5)
        }
        faults.clear()
        try head.write(20)
        #expect(HeadFile.read(directory: directory.path, io: SystemIO()) == 20)
        try head.write(21)
        try head.write(22)
        #expect(HeadFile.read(directory: directory.path, io: SystemIO()) == 22)
    }

    @Test func aHeadOfTheEarlierOneRecordLayoutIsReadAndThenReplaced() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/" + HeadFile.name
        var old = ByteWriter(capacity: 12)
        old.append(UInt64(7))
        old.append(CRC32C.checksum(old.bytes))
        #expect(FileManager.default.createFile(atPath: path, contents: Data(old.bytes)))
        #expect(HeadFile.read(directory: directory.path, io: SystemIO()) == 7)
        // A new writer starts from a lower head (nothing past 3 survived): both slots say so.
        let head = try HeadFile(directory: directory.path, io: SystemIO())
        try head.write(3)
        #expect(HeadFile.read(directory: directory.path, io: SystemIO()) == 3)
        try head.write(4)
        #expect(HeadFile.read(directory: directory.path, io: SystemIO()) == 4)
    }

    @Test func aMissingOrDamagedHeadReadsAsNone() throws {
        let directory = TemporaryDirectory()
        #expect(HeadFile.read(directory: directory.path, io: SystemIO()) == nil)
        #expect(FileManager.default.createFile(atPath: directory.path + "/" + HeadFile.name, contents: Data(repeating: 0xAB, count: 24)))
        #expect(HeadFile.read(directory: directory.path, io: SystemIO()) == nil)
    }

    @Test func aFailedWriteOfHeadNeverLetsAnotherReaderPastTheDurableHead() async throws {
        let directory = TemporaryDirectory()
        let faults = FaultInjector()
        let log = try TestLog.open(directory, faults: faults, durability: .interval(milliseconds: 400))
        let outside = try LogReader.open(directory: directory.path)
        func published(_ count: UInt64) async throws {
            let deadline = Date().addingTimeInterval(5)
            while try log.reader.head() < count, Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
            #expect(try log.reader.head() == count)
        }
        try await log.append((0..<10).map { _ in Workload.draft(session: nil) })
        try await published(10)
        #expect(try outside.head() == 10)
        faults.arm(.write, fault: .shortWrite, repeats: true, path: HeadFile.name)
        try await log.append((0..<10).map { _ in Workload.draft(session: nil) })
        try await published(20)
        // Written and acknowledged under `interval`, not yet synced: no reader may see these.
        try await log.append((0..<10).map { _ in Workload.draft(session: nil) })
        #expect(try outside.head() <= 20)
        faults.clear()
        log.close()
    }
}
