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
        #expect(try reader.read(from: block.firstPosition + UInt64(block.count), limit: 5).count == 5)
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

    @Test func repairCutsADamagedTailAndSaysWhatItDrops() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        let drafts = Workload.drafts(sessions: 3, seed: 14)
        try await TestLog.append(drafts, to: log, batchSize: 40)
        log.close()
        let name = try #require(try TestLog.segmentFiles(directory).last)
        let path = directory.appending(name)
        var index = RawSegmentIndex(basePosition: 0)
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
}
