import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport

@Suite struct RecoveryTests {
    static func appendBytes(_ bytes: [UInt8], to path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    @Test(arguments: ["garbage", "half a batch", "a header claiming more than the file holds"])
    func aTornTailIsCutAndReported(kind: String) async throws {
        let directory = TemporaryDirectory()
        let drafts = Workload.drafts(sessions: 4, seed: 21)
        do {
            let log = try TestLog.open(directory)
            try await TestLog.append(drafts, to: log, batchSize: 25)
            log.close()
        }
        let active = directory.appending(try #require(try TestLog.segmentFiles(directory).last))
        let sizeBefore = try FileManager.default.attributesOfItem(atPath: active)[.size] as! Int
        var frame = ByteWriter()
        let start = BatchFrame.begin(in: &frame)
        for draft in drafts.prefix(3) { RecordCodec.encode(draft, sessionSeq: 0, recordedAtMs: 0, into: &frame) }
        BatchFrame.finish(in: &frame, start: start, count: 3, basePosition: UInt64(drafts.count), minTimestampMs: 0, maxTimestampMs: 0)
        let torn: [UInt8]
        switch kind {
        case "garbage": torn = Array("this is not a batch frame at all".utf8)
        case "half a batch": torn = Array(frame.bytes.prefix(frame.count / 2))
        default: torn = Array(frame.bytes.prefix(BatchFrame.headerSize + 10))
        }
        try Self.appendBytes(torn, to: active)

        let reopened = try TestLog.open(directory)
        #expect(reopened.recovery.truncatedBytes == torn.count)
        #expect(reopened.recovery.truncatedOffset == sizeBefore)
        #expect(reopened.recovery.truncatedSegment == (active as NSString).lastPathComponent)
        #expect(try reopened.reader.read().map(\.draft) == drafts)
        let next = try await reopened.append([Workload.draft(session: nil)])
        #expect(next.events[0].position == UInt64(drafts.count))
        reopened.close()
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
    }

    @Test func damageWithValidBatchesAfterItIsNotCutAway() async throws {
        let directory = TemporaryDirectory()
        do {
            let log = try TestLog.open(directory)
            try await TestLog.append(Workload.drafts(sessions: 4, seed: 2), to: log, batchSize: 25)
            log.close()
        }
        let active = directory.appending(try #require(try TestLog.segmentFiles(directory).last))
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: active)))
        let sizeBefore = bytes.count
        bytes[SegmentHeader.size + BatchFrame.headerSize + 40] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: active))
        // As after a crash before any checkpoint: the open checksums every batch.
        try FileManager.default.removeItem(atPath: directory.appending(CheckpointFile.name))
        #expect {
            _ = try TestLog.open(directory)
        } throws: { error in
            (error as? LogbookError)?.code == .corruption && "\(error)".contains("not a torn write")
        }
        let sizeAfter = try FileManager.default.attributesOfItem(atPath: active)[.size] as! Int
        #expect(sizeAfter == sizeBefore)
        let report = try LogVerifier(directory: directory.path).verify()
        #expect(report.issues.first?.offset == SegmentHeader.size)
    }

    /// Bytes below the checkpoint were acknowledged: damage there is refused even when nothing
    /// valid follows it, exactly as when valid batches follow.
    @Test func damageInTheLastCheckpointedBatchIsRefusedNotCut() async throws {
        let directory = TemporaryDirectory()
        do {
            let log = try TestLog.open(directory)
            try await TestLog.append(Workload.drafts(sessions: 4, seed: 2), to: log, batchSize: 25)
            log.close()
        }
        // Opening again checkpoints everything that is on disk.
        try TestLog.open(directory).close()
        let active = directory.appending(try #require(try TestLog.segmentFiles(directory).last))
        var index = ActiveSegmentIndex(basePosition: 0)
        _ = try index.scan(LogFile(path: active, flags: O_RDONLY, io: SystemIO()))
        let last = try #require(index.batches.last)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: active)))
        let sizeBefore = bytes.count
        for offset in last.offset..<(last.offset + 8) { bytes[offset] = 0 }
        try Data(bytes).write(to: URL(fileURLWithPath: active))
        #expect {
            _ = try TestLog.open(directory)
        } throws: { error in
            (error as? LogbookError)?.code == .corruption && "\(error)".contains("checkpoint")
        }
        let sizeAfter = try FileManager.default.attributesOfItem(atPath: active)[.size] as! Int
        #expect(sizeAfter == sizeBefore)
    }

    @Test func recoveryChecksumsOnlyThePartPastTheCheckpoint() async throws {
        let directory = TemporaryDirectory()
        var options = TestLog.options()
        options.checkpointBytes = 16 << 10
        do {
            let log = try EventLog.open(directory: directory.path, options: options, logger: TestLog.logger)
            try await TestLog.append(Workload.drafts(sessions: 10, seed: 3), to: log, batchSize: 10)
            log.close()
        }
        let active = directory.appending(try #require(try TestLog.segmentFiles(directory).last))
        let size = try FileManager.default.attributesOfItem(atPath: active)[.size] as! Int
        let reopened = try EventLog.open(directory: directory.path, options: options, logger: TestLog.logger)
        #expect(reopened.recovery.verifiedBytes < 32 << 10)
        #expect(size > 128 << 10)
        reopened.close()
    }

    @Test func aSegmentWhoseCreationWasInterruptedIsRemoved() async throws {
        let directory = TemporaryDirectory()
        do {
            let log = try TestLog.open(directory)
            try await log.append([Workload.draft(session: nil)])
            log.close()
        }
        let torn = directory.appending(SegmentName.fileName(base: 1))
        try Data(SegmentHeader(kind: .active, basePosition: 1, createdAtMs: 0).encoded().prefix(20)).write(to: URL(fileURLWithPath: torn))
        let reopened = try TestLog.open(directory)
        #expect(!FileManager.default.fileExists(atPath: torn))
        #expect(try reopened.reader.head() == 1)
        reopened.close()
    }

    @Test func lostSessionAndTraceDirectoriesAreRebuiltFromTheSegments() async throws {
        let directory = TemporaryDirectory()
        let drafts = Workload.drafts(sessions: 30, seed: 8)
        do {
            let log = try TestLog.open(directory, segmentBytes: 64 << 10)
            try await TestLog.append(drafts, to: log)
            log.close()
        }
        try FileManager.default.removeItem(atPath: directory.appending(StreamFiles.sessions))
        try Data("damaged".utf8).write(to: URL(fileURLWithPath: directory.appending(StreamFiles.traces)))
        let reopened = try TestLog.open(directory, segmentBytes: 64 << 10)
        #expect(reopened.recovery.directoriesCaughtUp)
        let all = try reopened.reader.read()
        let session = try #require(drafts.compactMap(\.sessionID).first)
        #expect(try reopened.reader.events(session: session) == all.filter { $0.sessionID == session })
        let trace = drafts[drafts.count / 2].traceID
        #expect(try reopened.reader.events(trace: trace) == all.filter { $0.traceID == trace })
        let version = UInt64(all.count { $0.sessionID == session })
        let next = try await reopened.append([Workload.draft(session: session)], expecting: [session: version])
        #expect(next.events[0].sessionSeq == version + 1)
        reopened.close()
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
    }

    @Test func theStoreClockNeverGoesBackAcrossARestart() async throws {
        let directory = TemporaryDirectory()
        do {
            let log = try TestLog.open(directory)
            try await log.append([Workload.draft(session: nil)])
            log.close()
        }
        // A batch recorded by a clock a day ahead, as if the clock then stepped back.
        let ahead = currentTimeMs() + 86_400_000
        var frame = ByteWriter()
        let start = BatchFrame.begin(in: &frame)
        RecordCodec.encode(Workload.draft(session: nil), sessionSeq: 0, recordedAtMs: ahead, into: &frame)
        BatchFrame.finish(in: &frame, start: start, count: 1, basePosition: 1, minTimestampMs: 0, maxTimestampMs: 0)
        try Self.appendBytes(frame.bytes, to: directory.appending(try #require(try TestLog.segmentFiles(directory).last)))
        let reopened = try TestLog.open(directory)
        try await reopened.append([Workload.draft(session: nil)])
        let events = try reopened.reader.read()
        #expect(events.map(\.position) == [0, 1, 2])
        #expect(events[2].recordedAtMs >= ahead)
        reopened.close()
    }

    @Test func batchesLargerThanTheReadWindowAreRecovered() async throws {
        let directory = TemporaryDirectory()
        let big = (0..<3).map { index -> EventDraft in
            var draft = Workload.draft(session: nil, type: "custom.blob")
            draft.payload = Array(("{\"blob\":\"" + String(repeating: "\(index)", count: 1_500_000) + "\"}").utf8)
            return draft
        }
        let small = Workload.drafts(sessions: 2, seed: 5)
        do {
            let log = try TestLog.open(directory)
            try await log.append(Array(small.prefix(20)))
            try await log.append(big)
            try await log.append(Array(small.dropFirst(20)))
            log.close()
        }
        let reopened = try TestLog.open(directory)
        #expect(reopened.recovery.truncatedBytes == 0)
        #expect(try reopened.reader.read().map(\.draft) == Array(small.prefix(20)) + big + Array(small.dropFirst(20)))
        reopened.close()
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
    }
}

/// A group commit is one write: if the disk writes its pages out of order and the machine
/// dies, a later part of the group can survive while an earlier part reads back as zeros.
/// Nothing of the group was acknowledged, so opening cuts it rather than refusing.
@Suite struct TornGroupTests {
    @Test func aGroupTornOutOfOrderIsCutWhole() async throws {
        let directory = TemporaryDirectory()
        let options = TestLog.options()
        let first = (0..<10).map { _ in Workload.draft(session: nil) }
        let group = (0..<2).map { _ in (0..<10).map { _ in Workload.draft(session: nil) } }
        let path = directory.appending(SegmentName.fileName(base: 0))
        let groupStart: Int
        do {
            let recovered = try LogRecovery(directory: directory.path, options: options, logger: TestLog.logger).recover()
            let head = HeadState(head: recovered.activeIndex.nextPosition)
            let reader = try LogReader(directory: directory.path, io: options.io, headSource: .writer(head))
            let core = try WriterCore(directory: directory.path, options: options, catalog: reader.catalog, head: head, logger: TestLog.logger, recovered: recovered)
            let results = Locked<[Result<AppendResult, LogbookError>]>([])
            func request(_ events: [EventDraft]) -> AppendRequest {
                AppendRequest(events: events, expectations: [:]) { result in results.withLock { $0.append(result) } }
            }
            core.process([request(first)])
            groupStart = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
            core.process(group.map(request))
            // The machine dies here: the checkpoint that closing writes is not on disk.
            let checkpoint = try Data(contentsOf: URL(fileURLWithPath: directory.appending(CheckpointFile.name)))
            core.close()
            try checkpoint.write(to: URL(fileURLWithPath: directory.appending(CheckpointFile.name)))
            #expect(results.withLock { $0.count } == 3)
        }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for offset in groupStart..<(groupStart + (bytes.count - groupStart) / 2) { bytes[offset] = 0 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let reopened = try TestLog.open(directory)
        #expect(reopened.recovery.truncatedOffset == groupStart)
        #expect(try reopened.reader.read().map(\.draft) == first)
        reopened.close()
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
    }
}
