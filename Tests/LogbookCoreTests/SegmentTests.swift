import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport
import LogbookWorkload

@Suite struct SegmentTests {
    /// A log of a generated workload spread over many sealed segments and an active one.
    static func multiSegmentLog(_ directory: TemporaryDirectory, sessions: Int = 60) async throws -> (EventLog, [EventDraft]) {
        let log = try TestLog.open(directory, segmentBytes: 96 << 10)
        let drafts = Workload.drafts(sessions: sessions, seed: 11)
        try await TestLog.append(drafts, to: log, batchSize: 50)
        return (log, drafts)
    }

    @Test func fullSegmentsRollAndAreSealedCompressed() async throws {
        let directory = TemporaryDirectory()
        let (log, drafts) = try await Self.multiSegmentLog(directory)
        log.close()
        let files = try TestLog.segmentFiles(directory)
        #expect(files.count > 5)
        #expect(files.allSatisfy { $0.count == 24 })
        let reader = try LogReader.open(directory: directory.path)
        for name in files.dropLast() {
            let kind = try SegmentCatalog.kind(of: directory.appending(name), io: SystemIO())
            #expect(kind == .sealed, "\(name) should be sealed")
        }
        let stats = try reader.stats()
        #expect(stats.events == UInt64(drafts.count))
        #expect(stats.sealedSegments == files.count - 1)
        #expect(stats.sessions == Set(drafts.compactMap(\.sessionID)).count)
        #expect(stats.traces == Set(drafts.map(\.traceID)).count)
        #expect((stats.compressionRatio ?? 0) > 1.5)
        #expect(try reader.read().map(\.draft) == drafts)
        let report = try LogVerifier(directory: directory.path).verify()
        #expect(report.isClean, "\(report.issues)")
        #expect(report.eventsChecked == UInt64(drafts.count))
    }

    @Test func sessionTraceAndTypeReadsEqualAFilteredScan() async throws {
        let directory = TemporaryDirectory()
        let (log, drafts) = try await Self.multiSegmentLog(directory)
        let all = try log.reader.read()
        for reader in [log.reader, try LogReader.open(directory: directory.path)] {
            for session in Set(drafts.compactMap(\.sessionID)) {
                let expected = all.filter { $0.sessionID == session }
                #expect(try reader.events(session: session) == expected)
                #expect(expected.map(\.sessionSeq) == Array(1...UInt64(expected.count)))
                let cut = expected[expected.count / 2].position
                #expect(try reader.events(session: session, before: cut) == expected.filter { $0.position < cut })
            }
            for trace in Set(drafts.map(\.traceID)).prefix(40) {
                #expect(try reader.events(trace: trace) == all.filter { $0.traceID == trace })
            }
            for type in ["llm.interaction", "run.failed", "document.retrieved"] {
                #expect(try reader.events(type: type) == all.filter { $0.eventType == type })
                #expect(try reader.events(type: type, from: 500, limit: 7) == Array(all.filter { $0.eventType == type && $0.position >= 500 }.prefix(7)))
            }
            #expect(try reader.events(session: .random()).isEmpty)
            #expect(try reader.read(from: 123, limit: 10).map(\.position) == Array(123..<133))
        }
        log.close()
    }

    @Test func sessionReadsTouchOnlyTheBlocksHoldingTheSession() async throws {
        let directory = TemporaryDirectory()
        let (log, drafts) = try await Self.multiSegmentLog(directory, sessions: 120)
        log.close()
        let faults = FaultInjector()
        let reader = try LogReader.open(directory: directory.path, io: SystemIO(faults: faults))
        _ = try reader.head()
        let session = try #require(drafts.compactMap(\.sessionID).first)
        let before = faults.bytesRead
        _ = try reader.head()
        let sizes = try TestLog.segmentFiles(directory).map { try FileManager.default.attributesOfItem(atPath: directory.appending($0))[.size] as! Int }
        let events = try reader.events(session: session)
        let sessionBytes = faults.bytesRead - before
        let fullScanBefore = faults.bytesRead
        _ = try reader.read()
        let fullScanBytes = faults.bytesRead - fullScanBefore
        #expect(!events.isEmpty)
        #expect(sessionBytes * 5 < fullScanBytes, "a session read read \(sessionBytes) bytes, a full scan \(fullScanBytes); \(sizes) \(events.count)")
    }

    /// In the active segment too, a session read reads its own records, not the whole batches
    /// that hold them: an ingest writes batches of a thousand events (half a megabyte), and
    /// the sessions agents read most are the newest ones, which the active segment holds.
    @Test func activeSegmentSessionReadsReadOnlyTheSessionsRecords() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        let drafts = Workload.drafts(sessions: 40, seed: 5)
        try await TestLog.append(drafts, to: log, batchSize: 500)
        log.close()
        #expect(try TestLog.segmentFiles(directory).count == 1)
        let faults = FaultInjector()
        let reader = try LogReader.open(directory: directory.path, io: SystemIO(faults: faults))
        _ = try reader.head()
        for session in Set(drafts.compactMap(\.sessionID)).sorted().prefix(5) {
            let before = faults.bytesRead(pathContaining: ".seg")
            let events = try reader.events(session: session)
            let read = faults.bytesRead(pathContaining: ".seg") - before
            #expect(events.map(\.draft) == drafts.filter { $0.sessionID == session })
            let recordBytes = events.reduce(0) { total, event in
                var writer = ByteWriter()
                RecordCodec.encode(event.draft, sessionSeq: event.sessionSeq, recordedAtMs: event.recordedAtMs, into: &writer)
                return total + writer.count
            }
            #expect(read <= recordBytes + events.count * ActiveSegmentReader.gapReadThrough, "read \(read) bytes for \(events.count) events of \(recordBytes) bytes")
        }
    }

    /// A reader in another process lists the directory on each read, and keeps what it opened
    /// when the list is the same; a segment sealed since, under the name it had, is no longer
    /// read as active (read twice, through the directory and as active, its events would be
    /// reported twice).
    /// A log whose first segment has rolled and waits for its seal: the seals fail at their
    /// rename until `faults` are cleared. The first batch fills segment 0, the second goes
    /// into the next one.
    static func logWithARolledSegmentWaitingForItsSeal(_ directory: TemporaryDirectory) async throws -> (EventLog, FaultInjector, [EventDraft]) {
        let faults = FaultInjector()
        let log = try TestLog.open(directory, segmentBytes: 16 << 10, faults: faults)
        let drafts = (0..<201).map { Workload.draft(session: LogUUID(high: 1, low: UInt64($0 % 7))) }
        faults.arm(.rename, fault: .error(5), repeats: true, path: ".sealing")
        try await log.append(Array(drafts[..<200]))
        try await log.append(Array(drafts[200...]))
        return (log, faults, drafts)
    }

    @Test func aReaderSeesASegmentSealedUnderTheNameItListedAsActive() async throws {
        let directory = TemporaryDirectory()
        let (log, faults, drafts) = try await Self.logWithARolledSegmentWaitingForItsSeal(directory)
        defer { log.close() }
        let reader = try LogReader.open(directory: directory.path)
        let session = LogUUID(high: 1, low: 3)
        let expected = drafts.filter { $0.sessionID == session }
        #expect(try reader.events(session: session).map(\.draft) == expected)
        #expect(reader.catalog.rawSegments().count == 2)
        faults.clear()
        log.waitUntilSealed()
        #expect(try reader.events(session: session).map(\.draft) == expected)
        #expect(reader.catalog.rawSegments().count == 1)
        #expect(try reader.read().map(\.draft) == drafts)
    }

    /// A rolled segment waiting for its seal is read through its batch frames. A read that
    /// ends inside a batch of a segment no read had looked at yet used to index only the
    /// batches wholly below the read's end: none here, so nothing was returned.
    @Test func readsEndingInsideABatchOfARolledSegmentWaitingForItsSealFindTheirEvents() async throws {
        let directory = TemporaryDirectory()
        let (log, _, drafts) = try await Self.logWithARolledSegmentWaitingForItsSeal(directory)
        defer { log.close() }
        let session = LogUUID(high: 1, low: 3)
        let reader = { try LogReader.open(directory: directory.path) }
        #expect(try reader().read(from: 0, limit: 1).map(\.draft) == [drafts[0]])
        #expect(try reader().read(from: 10, limit: 5).map(\.draft) == Array(drafts[10..<15]))
        #expect(try reader().events(session: session, before: 50).map(\.draft) == drafts[..<50].filter { $0.sessionID == session })
        #expect(try log.reader.read(from: 20, limit: 2).map(\.draft) == Array(drafts[20..<22]))
        #expect(try reader().catalog.rawSegments().count == 2)
    }

    /// Point reads decompress a block only as far as the records they want need. Whatever
    /// the spread of record sizes (a few events far larger than the rest put the records
    /// after them past any estimate), they read what reading whole blocks reads.
    @Test func pointReadsInASealedSegmentReadWhatWholeBlocksHold() async throws {
        let seed = UInt64.random(in: 1...UInt64(UInt32.max))
        print("point reads: seed \(seed)")
        var random = SplitMix64(seed: seed)
        var drafts = Workload.drafts(sessions: 20, seed: seed)
        // One at the very start, so that the first block's estimates always fall short.
        drafts.insert(Workload.draft(session: drafts[0].sessionID, text: String(repeating: "large payload ", count: 3_000)), at: 0)
        for _ in 0..<6 {
            let text = String(repeating: "large payload ", count: Int.random(in: 500...3_000, using: &random))
            drafts.insert(Workload.draft(session: drafts[0].sessionID, text: text), at: Int.random(in: 0...drafts.count, using: &random))
        }
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory, segmentBytes: 256 << 10)
        try await TestLog.append(drafts, to: log, batchSize: 50)
        log.waitUntilSealed()
        log.close()
        var checked = 0
        for name in try TestLog.segmentFiles(directory) {
            let path = directory.appending(name)
            guard try SegmentCatalog.kind(of: path, io: SystemIO()) == .sealed else { continue }
            let segment = try SealedSegment(path: path, io: SystemIO())
            var whole: [RecordedEvent] = []
            _ = try segment.forEachEvent(in: segment.basePosition..<segment.endPosition) { whole.append($0); return true }
            #expect(whole.count == Int(segment.endPosition - segment.basePosition))
            for event in whole {
                #expect(try segment.events(at: [event.position]) == [event], "position \(event.position), seed \(seed)")
            }
            for _ in 0..<40 {
                let picked = whole.filter { _ in Int.random(in: 0..<8, using: &random) == 0 }
                #expect(try segment.events(at: picked.map(\.position)) == picked, "seed \(seed)")
            }
            checked += whole.count
        }
        #expect(checked > drafts.count / 2, "too few events in sealed segments to check: \(checked)")
    }

    @Test func openingDoesNotDependOnTheNumberOfSealedSegments() async throws {
        func callsWhenReopening(sessions: Int) async throws -> (files: Int, opens: Int, reads: Int) {
            let directory = TemporaryDirectory()
            let (log, _) = try await Self.multiSegmentLog(directory, sessions: sessions)
            log.close()
            let faults = FaultInjector()
            let reopened = try TestLog.open(directory, segmentBytes: 96 << 10, faults: faults)
            let calls = (try TestLog.segmentFiles(directory).count, faults.count(.open), faults.count(.read))
            reopened.close()
            return calls
        }
        let small = try await callsWhenReopening(sessions: 20)
        let large = try await callsWhenReopening(sessions: 120)
        #expect(large.files > small.files * 3)
        #expect(large.opens == small.opens, "opening \(small.files) segments opened \(small.opens) files, \(large.files) opened \(large.opens)")
        // The only read that may differ is the active segment's tail, whose size differs.
        #expect(abs(large.reads - small.reads) <= 1, "opening \(small.files) segments took \(small.reads) reads, \(large.files) took \(large.reads)")
    }
}
