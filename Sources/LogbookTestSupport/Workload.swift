import LogbookCatalogue
import LogbookCore
import LogbookWorkload

/// Generated workloads as the tests need them.
public enum Workload {
    /// The JSONL lines of a generated workload.
    public static func lines(sessions: Int, seed: UInt64) -> [String] {
        WorkloadGenerator.lines(sessions: sessions, seed: seed)
    }

    /// The same workload as drafts ready to append.
    public static func drafts(sessions: Int, seed: UInt64) -> [EventDraft] {
        lines(sessions: sessions, seed: seed).enumerated().map { index, line in
            try! EventDraft.parse(jsonLine: line, location: EventLocation(index: index, line: index + 1), defaultTimestampMs: 0)
        }
    }

    /// A small event with a session, for tests that need many appends.
    public static func draft(session: LogUUID?, trace: LogUUID = .random(), type: String = EventType.messageAdded, text: String = "hello", timestampMs: Int64 = 1_767_225_600_000) -> EventDraft {
        EventDraft(
            eventType: type, sessionID: session, traceID: trace, userID: "user-1", agentID: "agent-1",
            timestampMs: timestampMs, payload: Array(#"{"role":"user","content":"\#(text)"}"#.utf8)
        )
    }
}
