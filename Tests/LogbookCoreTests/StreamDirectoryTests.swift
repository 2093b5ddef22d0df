import Foundation
import LogbookTestSupport
import Testing
@testable import LogbookCore

/// The session and trace directories grow by small runs: sealing a segment and opening after
/// a crash cost what the new segments hold, not what the whole directory holds.
@Suite struct StreamDirectoryTests {
    static let segmentBytes = 32 << 10

    /// A log whose directories hold `sessions` sessions and as many traces, all sealed but
    /// the active segment; then segments of five sessions whose seal fails at its rename, so
    /// they stay unsealed as a crash leaves them.
    static func logWithUnsealedSegments(sessions: Int) async throws -> (TemporaryDirectory, [EventDraft]) {
        let directory = TemporaryDirectory()
        var drafts = (0..<sessions).map { _ in Workload.draft(session: .random()) }
        do {
            let log = try TestLog.open(directory, segmentBytes: segmentBytes)
            try await TestLog.append(drafts, to: log, batchSize: 500)
            log.close()
        }
        let few = (0..<600).map { Workload.draft(session: LogUUID(high: 7, low: UInt64($0 % 5))) }
        do {
            let faults = FaultInjector()
            let log = try TestLog.open(directory, segmentBytes: segmentBytes, faults: faults)
            faults.arm(.rename, fault: .error(28), repeats: true, path: SegmentName.sealingSuffix)
            try await TestLog.append(few, to: log, batchSize: 50)
            log.close()
        }
        drafts += few
        return (directory, drafts)
    }

    static func directoryBytes(_ directory: TemporaryDirectory) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("sessions") || $0.hasPrefix("traces") }
            .reduce(0) { $0 + (try FileManager.default.attributesOfItem(atPath: directory.appending($1))[.size] as! Int) }
    }

    static func unsealedBases(_ directory: TemporaryDirectory) throws -> [UInt64] {
        try TestLog.segmentFiles(directory).compactMap(SegmentName.base(of:)).filter { base in
            try SegmentCatalog.kind(of: directory.appending(SegmentName.fileName(base: base)), io: SystemIO()) == .active
        }
    }

    @Test func sealingASegmentWritesARunOfItsKeysNotTheWholeDirectory() async throws {
        let (directory, drafts) = try await Self.logWithUnsealedSegments(sessions: 10_000)
        let unsealed = try Self.unsealedBases(directory)
        #expect(unsealed.count > 2)
        let onDisk = try Self.directoryBytes(directory)
        let faults = FaultInjector()
        let io = SystemIO(faults: faults)
        _ = try SegmentSealer(directory: directory.path, io: io).seal(
            base: unsealed[0],
            sessions: StreamDirectory.open(path: directory.appending(StreamFiles.sessions), io: io),
            traces: StreamDirectory.open(path: directory.appending(StreamFiles.traces), io: io)
        )
        let written = faults.bytesWritten(pathContaining: "/sessions") + faults.bytesWritten(pathContaining: "/traces")
        print("sealing one segment wrote \(written) bytes of directories holding \(onDisk) bytes")
        #expect(onDisk > 500_000)
        #expect(written < onDisk / 20)

        let reopened = try TestLog.open(directory, segmentBytes: Self.segmentBytes)
        for session in [drafts[0].sessionID!, LogUUID(high: 7, low: 3)] {
            #expect(try reopened.reader.events(session: session).map(\.draft) == drafts.filter { $0.sessionID == session })
        }
        reopened.close()
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
    }

    @Test func openingAfterACrashReadsTheManifestsNotTheDirectories() async throws {
        let (directory, drafts) = try await Self.logWithUnsealedSegments(sessions: 10_000)
        #expect(try Self.unsealedBases(directory).count > 2)
        let onDisk = try Self.directoryBytes(directory)
        let faults = FaultInjector()
        let options = TestLog.options(segmentBytes: Self.segmentBytes, faults: faults)
        let outcome = try LogRecovery(directory: directory.path, options: options, logger: TestLog.logger).recover()
        let read = faults.bytesRead(pathContaining: "/sessions") + faults.bytesRead(pathContaining: "/traces")
        print("opening read \(read) bytes of directories holding \(onDisk) bytes; sealed \(outcome.report.sealedOnOpen.count) segments")
        #expect(outcome.report.sealedOnOpen.count > 1)
        #expect(read < onDisk / 8)

        let reopened = try TestLog.open(directory, segmentBytes: Self.segmentBytes)
        let session = LogUUID(high: 7, low: 2)
        let version = UInt64(drafts.count { $0.sessionID == session })
        #expect(try reopened.reader.events(session: session).map(\.draft) == drafts.filter { $0.sessionID == session })
        let next = try await reopened.append([Workload.draft(session: session)], expecting: [session: version])
        #expect(next.events[0].sessionSeq == version + 1)
        reopened.close()
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
    }

    /// The writer keeps the session directory it read until a seal takes segments out of its
    /// own tables; a session it first meets after such a seal goes on from its exact version.
    @Test func aSessionMetAfterASealGoesOnFromItsVersion() async throws {
        let (directory, drafts) = try await Self.logWithUnsealedSegments(sessions: 1000)
        let faults = FaultInjector()
        faults.arm(.rename, fault: .error(28), repeats: true, path: SegmentName.sealingSuffix)
        let log = try TestLog.open(directory, segmentBytes: Self.segmentBytes, faults: faults)
        defer { log.close() }
        // Another session is looked up while the five sessions' segments cannot be sealed;
        // then the sealer's retry seals them.
        _ = try await log.append([Workload.draft(session: .random())])
        faults.clear()
        let deadline = Date().addingTimeInterval(20)
        while try Self.unsealedBases(directory).count > 1, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(try Self.unsealedBases(directory).count <= 1)
        for low in UInt64(0)..<5 {
            let session = LogUUID(high: 7, low: low)
            let version = UInt64(drafts.count { $0.sessionID == session })
            let next = try await log.append([Workload.draft(session: session)], expecting: [session: version])
            #expect(next.events[0].sessionSeq == version + 1)
        }
    }

    @Test func lookupsConsultABoundedNumberOfRunsAndFindEveryKey() async throws {
        let directory = TemporaryDirectory()
        let drafts = (0..<4000).map { Workload.draft(session: LogUUID(high: 5, low: UInt64($0 % 13)), text: "event \($0)") }
        do {
            let log = try TestLog.open(directory, segmentBytes: 4 << 10)
            try await TestLog.append(drafts, to: log, batchSize: 20)
            log.close()
        }
        let segments = try TestLog.segmentFiles(directory).count
        var levels = 1
        while Int(pow(Double(StreamDirectory.fanOut), Double(levels))) < segments { levels += 1 }
        for name in [StreamFiles.sessions, StreamFiles.traces] {
            let opened = try StreamDirectory.open(path: directory.appending(name), io: SystemIO(), verify: true)
            print("\(segments) segments: \(opened.runCount) runs in \(name)")
            #expect(opened.runCount > 1)
            #expect(opened.runCount <= (StreamDirectory.fanOut - 1) * levels + 1)
        }
        let sessions = try StreamDirectory.open(path: directory.appending(StreamFiles.sessions), io: SystemIO())
        #expect(sessions.entryCount == 13)
        let reopened = try TestLog.open(directory, segmentBytes: 4 << 10)
        for low in UInt64(0)..<13 {
            let session = LogUUID(high: 5, low: low)
            let expected = drafts.filter { $0.sessionID == session }
            #expect(try reopened.reader.events(session: session).map(\.draft) == expected)
            let next = try await reopened.append([Workload.draft(session: session)], expecting: [session: UInt64(expected.count)])
            #expect(next.events[0].sessionSeq == UInt64(expected.count) + 1)
        }
        let trace = drafts[1234].traceID
        #expect(try reopened.reader.events(trace: trace).map(\.draft) == [drafts[1234]])
        #expect(try reopened.reader.stats().sessions == 13)
        reopened.close()
    }

    @Test func runsLeftUnlistedAreRemovedAndMissingOnesRebuilt() async throws {
        let directory = TemporaryDirectory()
        let drafts = Workload.drafts(sessions: 20, seed: 77)
        do {
            let log = try TestLog.open(directory, segmentBytes: 16 << 10)
            try await TestLog.append(drafts, to: log, batchSize: 25)
            log.close()
        }
        // A merge and a seal cut short before their manifest: junk under run names.
        let strays = [
            StreamRun.fileName(stream: "sessions", level: 3, firstBase: 0, endPosition: 99),
            StreamRun.fileName(stream: "traces", level: 0, firstBase: 5, endPosition: 7),
        ]
        for name in strays { try Data("unfinished".utf8).write(to: URL(fileURLWithPath: directory.appending(name))) }
        do {
            let reopened = try TestLog.open(directory, segmentBytes: 16 << 10)
            for name in strays { #expect(!FileManager.default.fileExists(atPath: directory.appending(name))) }
            #expect(try reopened.reader.read().map(\.draft) == drafts)
            reopened.close()
        }
        // A listed run that is gone: the directory is rebuilt from the segments.
        let listed = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { StreamRun.isRun($0, stream: "sessions") }.sorted()
        try FileManager.default.removeItem(atPath: directory.appending(try #require(listed.first)))
        let reopened = try TestLog.open(directory, segmentBytes: 16 << 10)
        #expect(reopened.recovery.directoriesCaughtUp)
        for session in Set(drafts.compactMap(\.sessionID)) {
            #expect(try reopened.reader.events(session: session).map(\.draft) == drafts.filter { $0.sessionID == session })
        }
        reopened.close()
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
    }
}
