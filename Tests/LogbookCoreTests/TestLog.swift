import Foundation
import LogbookCatalogue
@testable import LogbookCore
import LogbookTestSupport
import Logging

/// Opens logs for tests with small segments, so rolls and seals happen in small workloads.
enum TestLog {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func options(segmentBytes: Int = 64 << 20, faults: FaultInjector? = nil, durability: LogOptions.Durability = .always) -> LogOptions {
        var options = LogOptions()
        options.payloadCheck = EventCatalogue.problem
        options.segmentBytes = segmentBytes
        options.durability = durability
        options.io = SystemIO(faults: faults)
        return options
    }

    static func open(_ directory: TemporaryDirectory, segmentBytes: Int = 64 << 20, faults: FaultInjector? = nil, durability: LogOptions.Durability = .always) throws -> EventLog {
        try EventLog.open(directory: directory.path, options: options(segmentBytes: segmentBytes, faults: faults, durability: durability), logger: logger)
    }

    /// Appends `drafts` in batches of `batchSize`, in order.
    @discardableResult
    static func append(_ drafts: [EventDraft], to log: EventLog, batchSize: Int = 100) async throws -> [AppendResult] {
        var results: [AppendResult] = []
        for start in stride(from: 0, to: drafts.count, by: batchSize) {
            results.append(try await log.append(Array(drafts[start..<min(start + batchSize, drafts.count)])))
        }
        return results
    }

    static func segmentFiles(_ directory: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".seg") }.sorted()
    }
}

extension RecordedEvent {
    /// The draft this event was appended from, for comparing what went in with what came out.
    var draft: EventDraft {
        EventDraft(id: id, eventType: eventType, sessionID: sessionID, traceID: traceID, userID: userID, agentID: agentID, timestampMs: timestampMs, payload: payload)
    }
}
