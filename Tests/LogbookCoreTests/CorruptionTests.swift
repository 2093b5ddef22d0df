import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport

@Suite struct CorruptionTests {
    static func sealedLog(_ directory: TemporaryDirectory) async throws -> [EventDraft] {
        let drafts = Workload.drafts(sessions: 40, seed: 13)
        let log = try TestLog.open(directory, segmentBytes: 96 << 10)
        try await TestLog.append(drafts, to: log, batchSize: 40)
        log.close()
        return drafts
    }

    static func flip(byte offset: Int, in path: String) throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[offset] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test func aFlippedBitInASealedSegmentIsReportedWithSegmentAndOffset() async throws {
        let directory = TemporaryDirectory()
        _ = try await Self.sealedLog(directory)
        let name = try #require(try TestLog.segmentFiles(directory).first)
        let path = directory.appending(name)
        let segment = try SealedSegment(path: path, io: SystemIO())
        let block = segment.blocks[segment.blocks.count / 2]
        let offset = block.offset + BlockEntry.headerSize + block.compressedLength / 2
        try Self.flip(byte: offset, in: path)

        let report = try LogVerifier(directory: directory.path).verify()
        #expect(!report.isClean)
        #expect(report.issues.contains { $0.file == name && $0.offset == block.offset && $0.message.contains("checksum") }, "\(report.issues)")
        #expect(report.issues.contains { $0.file == name && $0.message.contains("whole-file checksum") })
        // Reading the damaged block fails loudly; it never yields the damaged events.
        let reader = try LogReader.open(directory: directory.path)
        #expect(throws: LogbookError.self) { _ = try reader.read() }
        #expect(throws: LogbookError.self) { _ = try reader.read(from: block.firstPosition, limit: 1) }
        #expect(throws: LogbookError.self) { _ = try SealedSegment(path: path, io: SystemIO()).events(at: [block.firstPosition]) }
        #expect(try reader.read(from: block.firstPosition + UInt64(block.count), limit: 5).count == 5)
        // A scan that stops in the block before has read the damaged one ahead, on another
        // thread; that failure is not the scan's, and it reports nothing.
        var seen: [UInt64] = []
        try reader.forEach(in: 0..<UInt64.max) { event in
            seen.append(event.position)
            return event.position + 1 < block.firstPosition
        }
        #expect(seen == Array(0..<block.firstPosition))
    }

    @Test func aDamagedFooterSectionOrTrailerIsReported() async throws {
        let directory = TemporaryDirectory()
        _ = try await Self.sealedLog(directory)
        let files = try TestLog.segmentFiles(directory)
        let first = directory.appending(files[0])
        let segment = try SealedSegment(path: first, io: SystemIO())
        let ids = segment.trailer[.ids]
        try Self.flip(byte: ids.offset + 3, in: first)
        let second = directory.appending(files[1])
        let size = try FileManager.default.attributesOfItem(atPath: second)[.size] as! Int
        try Self.flip(byte: size - 10, in: second)

        let report = try LogVerifier(directory: directory.path).verify()
        #expect(report.issues.contains { $0.file == files[0] && $0.offset == ids.offset && $0.message.contains("ids") }, "\(report.issues)")
        #expect(report.issues.contains { $0.file == files[1] && $0.message.contains("trailer") }, "\(report.issues)")
    }

    @Test func aFlippedBitInTheActiveSegmentIsReported() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        try await TestLog.append(Workload.drafts(sessions: 3, seed: 13), to: log, batchSize: 40)
        log.close()
        let name = try #require(try TestLog.segmentFiles(directory).last)
        try Self.flip(byte: SegmentHeader.size + BatchFrame.headerSize + 100, in: directory.appending(name))
        let report = try LogVerifier(directory: directory.path).verify()
        #expect(report.issues.contains { $0.file == name && $0.offset == SegmentHeader.size && $0.message.contains("checksum") }, "\(report.issues)")
    }

    /// Below the head a writer published, every event is durable: a batch there that fails
    /// its checksum is damage, and a read says so. It used to stop at the batch and return
    /// the events before it as if the log ended there.
    @Test func damageBelowTheHeadOfARunningWriterFailsAReadInsteadOfEndingIt() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        defer { log.close() }
        let drafts = Workload.drafts(sessions: 3, seed: 13)
        try await TestLog.append(drafts, to: log, batchSize: 40)
        let name = try #require(try TestLog.segmentFiles(directory).last)
        let path = directory.appending(name)
        var index = ActiveSegmentIndex(basePosition: 0)
        _ = try index.scan(LogFile(path: path, flags: O_RDONLY, io: SystemIO()))
        let second = try #require(index.batches.dropFirst().first)
        try Self.flip(byte: second.offset + BatchFrame.headerSize + 10, in: path)

        let reader = try LogReader.open(directory: directory.path)
        #expect { _ = try reader.head() } throws: { error in
            (error as? LogbookError)?.message.contains("checksum") == true
        }
        #expect(throws: LogbookError.self) { _ = try reader.read() }
        #expect(throws: LogbookError.self) { _ = try reader.read(from: second.basePosition, limit: 1) }
        let session = try #require(drafts.lazy.compactMap(\.sessionID).first)
        #expect(throws: LogbookError.self) { _ = try reader.events(session: session) }
    }

    @Test func repairCutsADamagedTailAndSaysWhatItDrops() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        let drafts = Workload.drafts(sessions: 3, seed: 14)
        try await TestLog.append(drafts, to: log, batchSize: 40)
        log.close()
        let name = try #require(try TestLog.segmentFiles(directory).last)
        let path = directory.appending(name)
        var index = ActiveSegmentIndex(basePosition: 0)
        _ = try index.scan(LogFile(path: path, flags: 0, io: SystemIO()))
        let damaged = index.batches[2]
        try Self.flip(byte: damaged.offset + BatchFrame.headerSize + 5, in: path)

        let repair = LogRepair(directory: directory.path)
        let plan = try #require(try repair.plan())
        #expect(plan.segment == name)
        #expect(plan.offset == damaged.offset)
        #expect(plan.droppedEvents == drafts.count - 120)
        #expect(plan.droppedPositions == 120...UInt64(drafts.count - 1))
        try repair.apply(plan)
        #expect(try repair.plan() == nil)
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
        let reopened = try TestLog.open(directory)
        #expect(try reopened.reader.read().map(\.draft) == Array(drafts.prefix(80)))
        reopened.close()
    }

    /// A writer that opens between the plan and its application cuts the torn tail itself and
    /// appends: the plan's cut would now drop acknowledged events, so it is refused.
    @Test func aRepairPlanIsRefusedWhenTheLogChangedSinceIt() async throws {
        let directory = TemporaryDirectory()
        let drafts = Workload.drafts(sessions: 3, seed: 14)
        do {
            let log = try TestLog.open(directory)
            try await TestLog.append(Array(drafts.prefix(40)), to: log, batchSize: 40)
            log.close()
        }
        let path = directory.appending(try #require(try TestLog.segmentFiles(directory).last))
        try RecoveryTests.appendBytes(Array("a torn write".utf8), to: path)
        let repair = LogRepair(directory: directory.path)
        let plan = try #require(try repair.plan())
        do {
            let log = try TestLog.open(directory)
            try await TestLog.append(Array(drafts.dropFirst(40)), to: log, batchSize: 40)
            log.close()
        }
        #expect {
            try repair.apply(plan)
        } throws: { error in
            (error as? LogbookError)?.code == .changed
        }
        let reopened = try TestLog.open(directory)
        #expect(try reopened.reader.read().map(\.draft) == drafts)
        reopened.close()
    }
}

@Suite struct FooterRepairTests {
    @Test(arguments: [SealedTrailer.Section.ids, .sessions, .tracePositions, .bloom, .blocks])
    func aDamagedFooterIsRebuiltFromTheBlocks(section: SealedTrailer.Section) async throws {
        let directory = TemporaryDirectory()
        let drafts = try await CorruptionTests.sealedLog(directory)
        let files = try TestLog.segmentFiles(directory)
        let victim = files[files.count / 2]
        let path = directory.appending(victim)
        let location = try SealedSegment(path: path, io: SystemIO()).trailer[section]
        try CorruptionTests.flip(byte: location.offset + location.length / 2, in: path)
        #expect(!(try LogVerifier(directory: directory.path).verify().isClean))

        let repair = LogRepair(directory: directory.path)
        #expect(try repair.rebuildDamagedFooters() == [victim])
        let report = try LogVerifier(directory: directory.path).verify()
        #expect(report.isClean, "\(report.issues)")
        let log = try TestLog.open(directory, segmentBytes: 96 << 10)
        let all = try log.reader.read()
        #expect(all.map(\.draft) == drafts)
        for session in Set(drafts.compactMap(\.sessionID)) {
            #expect(try log.reader.events(session: session) == all.filter { $0.sessionID == session })
        }
        // The rebuilt id table and filter still find every id of the segment.
        let again = try await log.append(drafts)
        #expect(again.duplicateCount == drafts.count)
        log.close()
    }

    @Test func aDamagedTrailerIsRebuiltAndDamagedBlocksAreNot() async throws {
        let directory = TemporaryDirectory()
        _ = try await CorruptionTests.sealedLog(directory)
        let files = try TestLog.segmentFiles(directory)
        let trailerVictim = directory.appending(files[0])
        let size = try FileManager.default.attributesOfItem(atPath: trailerVictim)[.size] as! Int
        try CorruptionTests.flip(byte: size - 20, in: trailerVictim)
        #expect(try LogRepair(directory: directory.path).rebuildDamagedFooters() == [files[0]])
        #expect(try LogVerifier(directory: directory.path).verify().isClean)

        let blockVictim = directory.appending(files[1])
        let segment = try SealedSegment(path: blockVictim, io: SystemIO())
        let block = segment.blocks[0]
        try CorruptionTests.flip(byte: block.offset + BlockEntry.headerSize + 3, in: blockVictim)
        try CorruptionTests.flip(byte: segment.trailer[.ids].offset + 1, in: blockVictim)
        #expect(throws: LogbookError.self) { _ = try LogRepair(directory: directory.path).rebuildDamagedFooters() }
    }
}
