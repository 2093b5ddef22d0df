import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport

/// The writer's inbox is bounded: while a slow disk holds the writer, appenders wait (tasks
/// suspend, threads block) instead of queueing without limit, and every append still lands.
@Suite struct BackPressureTests {
    static let eventBytes = 1024

    static func draft() -> EventDraft {
        var draft = Workload.draft(session: nil)
        draft.payload = Array(#"{"role":"user","content":""#.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: eventBytes) + Array(#""}"#.utf8)
        return draft
    }

    @Test func appendersWaitWhileTheInboxIsFull() async throws {
        let directory = TemporaryDirectory()
        let faults = FaultInjector()
        var options = TestLog.options(faults: faults)
        options.maxQueuedBytes = 16 << 10
        let log = try EventLog.open(directory: directory.path, options: options, logger: TestLog.logger)
        // Each sync takes 20 ms: the writer falls behind 200 appenders at once.
        faults.arm(.sync, fault: .delay(milliseconds: 20), repeats: true, path: SegmentName.fileName(base: 0))
        let results = try await withThrowingTaskGroup(of: AppendResult.self) { group in
            for _ in 0..<150 { group.addTask { try await log.append([Self.draft()]) } }
            // The completion API from plain threads blocks them instead.
            for _ in 0..<50 {
                group.addTask {
                    let result = await withCheckedContinuation { continuation in
                        Thread { log.append([Self.draft()]) { continuation.resume(returning: $0) } }.start()
                    }
                    return try result.get()
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        faults.clear()
        #expect(results.count == 200)
        #expect(Set(results.map { $0.events[0].position }) == Set(0..<200))
        let peak = log.peakQueuedBytes
        // One request is let in even when it alone is over the bound; never more than that.
        #expect(peak <= options.maxQueuedBytes + Self.eventBytes + 256, "queued up to \(peak) bytes")
        #expect(peak > 0)
        log.close()
    }
}
