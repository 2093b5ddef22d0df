import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport

/// `verify` right after a crash, and while a writer appends: bytes past what was
/// acknowledged are pending recovery, not damage; damage to acknowledged data still is.
@Suite struct VerifyPendingTests {
    @Test func aBatchCutShortByACrashIsPendingRecoveryNotDamage() async throws {
        let directory = TemporaryDirectory()
        let drafts = Workload.drafts(sessions: 3, seed: 31)
        do {
            let log = try TestLog.open(directory)
            try await TestLog.append(drafts, to: log, batchSize: 40)
            log.close()
        }
        let name = try #require(try TestLog.segmentFiles(directory).last)
        let path = directory.appending(name)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        var frame = ByteWriter()
        let start = BatchFrame.begin(in: &frame)
        for draft in drafts.prefix(5) { RecordCodec.encode(draft, sessionSeq: 0, recordedAtMs: 0, into: &frame) }
        BatchFrame.finish(in: &frame, start: start, count: 5, basePosition: UInt64(drafts.count), minTimestampMs: 0, maxTimestampMs: 0)
        let torn = Array(frame.bytes.prefix(frame.count / 2))
        try RecoveryTests.appendBytes(torn, to: path)

        let report = try LogVerifier(directory: directory.path).verify()
        #expect(report.isClean, "\(report.issues)")
        #expect(report.pending == [.init(file: name, offset: size, bytes: torn.count)])
        #expect("\(report.pending[0])".contains("pending recovery (not acknowledged): \(torn.count) bytes at byte \(size) of \(name)"))
        #expect(report.eventsChecked == UInt64(drafts.count))
    }

    @Test func aWriterKilledWithSigkillLeavesAStoreThatVerifies() async throws {
        let directory = TemporaryDirectory()
        for round in 0..<3 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ChildProcess.executable("logbook-crash-writer"))
            process.arguments = ["write", directory.path, "--sessions", "40", "--seed", "\(round + 1)", "--segment-bytes", "\(32 << 10)"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var seen = 0
            while seen < 200 + round * 150 {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen += chunk.count { $0 == 0x0A }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let report = try LogVerifier(directory: directory.path).verify()
            #expect(report.isClean, "after kill \(round + 1): \(report.issues)")
            // The next writer opens the store and cuts what was pending.
            let log = try TestLog.open(directory, segmentBytes: 32 << 10)
            #expect(log.recovery.truncatedBytes == report.pending.first?.bytes ?? 0)
            log.close()
        }
    }

    @Test func verifyIsCleanWhileAWriterAppendsRollsAndSeals() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory, segmentBytes: 16 << 10)
        let drafts = Workload.drafts(sessions: 60, seed: 32)
        let done = Locked(false)
        let writing = Task {
            defer { done.withLock { $0 = true } }
            try await TestLog.append(drafts, to: log, batchSize: 7)
        }
        var runs = 0
        var problems: [VerifyReport.Issue] = []
        while !done.withLock({ $0 }) {
            problems += try LogVerifier(directory: directory.path).verify().issues
            runs += 1
        }
        _ = try await writing.value
        #expect(runs > 1)
        #expect(problems.isEmpty, "\(problems.prefix(5)) in \(runs) runs")
        log.close()
        #expect(try LogVerifier(directory: directory.path).verify().isClean)
    }
}
