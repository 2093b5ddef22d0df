import Foundation
import LogbookCore
import LogbookWorkload
import Logging
import Synchronization

/// Scratch directories and logs for the benchmarks, removed by `Fixtures.removeAll()` in a
/// benchmark's teardown.
public enum Fixtures {
    private static let directories = Mutex<[String]>([])

    public static let logger = Logger(label: "benchmark") { _ in SwiftLogNoOpLogHandler() }

    /// A new empty directory under the system's temp folder.
    public static func scratchDirectory(_ label: String) -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("logbook-\(label)-\(UUID().uuidString.prefix(8))")
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        directories.withLock { $0.append(path) }
        return path
    }

    public static func removeAll() {
        for path in directories.withLock({ list in defer { list.removeAll() }; return list }) {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    public static func options(durability: LogOptions.Durability = .always, segmentBytes: Int = 64 << 20) -> LogOptions {
        var options = LogOptions()
        options.durability = durability
        options.segmentBytes = segmentBytes
        return options
    }

    public static func openLog(_ directory: String, durability: LogOptions.Durability = .always, segmentBytes: Int = 64 << 20) -> EventLog {
        try! EventLog.open(directory: directory, options: options(durability: durability, segmentBytes: segmentBytes), logger: logger)
    }

    /// `count` events of one message each, whose payload is about `payloadBytes` bytes of JSON,
    /// spread over 64 sessions.
    public static func drafts(count: Int, payloadBytes: Int) -> [EventDraft] {
        let filler = String(repeating: "lorem ipsum dolor sit amet ", count: payloadBytes / 27 + 1)
        let payload = Array(#"{"role":"assistant","content":"\#(filler.prefix(max(0, payloadBytes - 36)))"}"#.utf8)
        let sessions = (0..<64).map { _ in LogUUID.random() }
        let trace = LogUUID.random()
        return (0..<count).map { index in
            EventDraft(
                eventType: "message.added", sessionID: sessions[index % sessions.count], traceID: trace,
                userID: "user-\(index % 97)", agentID: "support-agent", timestampMs: 1_767_225_600_000 + Int64(index),
                payload: payload
            )
        }
    }

    /// Gives every draft a fresh id, so the next append stores them instead of skipping duplicates.
    public static func renew(_ drafts: inout [EventDraft], round: UInt64) {
        for index in drafts.indices {
            drafts[index].id = LogUUID(high: round, low: UInt64(index) | 0x8000_0000_0000_0000)
        }
    }

    /// The drafts of a generated realistic workload (messages, LLM calls, tool calls, documents).
    public static func workload(sessions: Int, seed: UInt64 = 7) -> [EventDraft] {
        WorkloadGenerator.lines(sessions: sessions, seed: seed).enumerated().map { index, line in
            try! EventDraft.parse(jsonLine: line, location: EventLocation(index: index, line: index + 1), defaultTimestampMs: 0)
        }
    }

    /// A closed log holding `drafts`, appended in batches of 500 with the given segment size.
    public static func closedLog(_ label: String, drafts: [EventDraft], segmentBytes: Int) async -> String {
        let directory = scratchDirectory(label)
        let log = openLog(directory, durability: .none, segmentBytes: segmentBytes)
        for start in stride(from: 0, to: drafts.count, by: 500) {
            try! await log.append(Array(drafts[start..<min(start + 500, drafts.count)]))
        }
        log.close()
        return directory
    }
}
