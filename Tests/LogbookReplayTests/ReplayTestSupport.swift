import Foundation
import LogbookCatalogue
import LogbookCore
import LogbookReplay
import LogbookTestSupport
import Logging

/// A log in a temporary directory; the log closes and the directory goes with the value.
final class TestLog: Sendable {
    let directory: TemporaryDirectory
    let log: EventLog

    /// Small segments, so that sessions span sealed segments and the active one.
    init(segmentBytes: Int = 64 << 10) throws {
        directory = TemporaryDirectory("replay")
        var options = LogOptions()
        options.payloadCheck = EventCatalogue.problem
        options.segmentBytes = segmentBytes
        options.durability = .none
        log = try EventLog.open(directory: directory.appending("log"), options: options, logger: Logger(label: "replay-tests"))
    }

    deinit {
        log.close()
    }

    @discardableResult
    func append(_ drafts: [EventDraft], batch: Int = 500) async throws -> [AppendResult.Event] {
        var stored: [AppendResult.Event] = []
        var start = 0
        while start < drafts.count {
            let end = min(drafts.count, start + batch)
            stored += try await log.append(Array(drafts[start..<end])).events
            start = end
        }
        return stored
    }

    var sessions: SessionReplayer { SessionReplayer(reader: log.reader) }
    var traces: TraceReplayer { TraceReplayer(reader: log.reader) }
}

/// Hand-built events of one session, with timestamps counted from `startMs`.
struct SessionScriptBuilder {
    let session = LogUUID.random()
    let conversationTrace = LogUUID.random()
    let startMs: Int64 = 1_767_225_600_000
    private(set) var drafts: [EventDraft] = []

    mutating func add(_ type: String, at offsetMs: Int64, trace: LogUUID? = nil, _ payload: [String: Any]) {
        let data = try! JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
        drafts.append(EventDraft(
            eventType: type, sessionID: session, traceID: trace ?? conversationTrace, userID: "user-1", agentID: "agent-1",
            timestampMs: startMs + offsetMs, payload: Array(data)))
    }

    mutating func message(_ role: String, _ content: String, at offsetMs: Int64, extra: [String: Any] = [:]) {
        add("message.added", at: offsetMs, extra.merging(["role": role, "content": content]) { $1 })
    }

    /// The drafts as the log would record them, positions from `base`, for folding directly.
    func recorded(base: UInt64 = 100) -> [RecordedEvent] {
        drafts.enumerated().map { index, draft in
            RecordedEvent(
                position: base + UInt64(index), sessionSeq: UInt64(index + 1), recordedAtMs: draft.timestampMs, id: draft.id,
                eventType: draft.eventType, sessionID: draft.sessionID, traceID: draft.traceID, userID: draft.userID,
                agentID: draft.agentID, timestampMs: draft.timestampMs, payload: draft.payload)
        }
    }
}

/// A tool call as an assistant message carries it.
func toolCall(_ id: String, _ name: String, _ arguments: String = "{}") -> [String: Any] {
    ["id": id, "type": "function", "function": ["name": name, "arguments": arguments]]
}

/// Values as JSONSerialization reads them, for comparing JSON output with an expectation.
func jsonObject(_ text: String) -> Any? {
    try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

/// JSON with sorted keys: two values print the same exactly when they are the same JSON.
func canonical(_ value: Any?) -> String {
    guard let value, let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else {
        return "null"
    }
    return String(decoding: data, as: UTF8.self)
}
