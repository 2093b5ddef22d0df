import Foundation
import LogbookTestSupport
import Testing

/// `logbook query sessions` (and `GET /v1/query/sessions`, the same query): each session's
/// counts, agents, status, tokens and cost, and its filters.
@Suite("logbook query sessions")
struct QuerySessionsTests {
    static let alpha = "5e55a000-0000-4000-8000-00000000000a"
    static let beta = "5e55b000-0000-4000-8000-00000000000b"
    static let quiet = "5e55c000-0000-4000-8000-00000000000c"

    /// Three sessions: one with a completed run of `alpha` (two LLM calls, one unpriced), one whose
    /// run of `beta` failed and whose message says "needle", one without runs.
    static func store() throws -> TestStore {
        let store = TestStore("query-sessions")
        let run1 = "a0000000-0000-4000-8000-000000000001"
        let run2 = "b0000000-0000-4000-8000-000000000002"
        func event(_ type: String, _ session: String, _ trace: String, _ time: Int64, _ payload: String, user: String = "u1") -> String {
            #"{"event_type":"\#(type)","session_id":"\#(session)","trace_id":"\#(trace)","user_id":"\#(user)","timestamp_ms":\#(time),"payload":\#(payload)}"#
        }
        let lines = [
            event("session.started", alpha, run1, 1_767_225_600_000, #"{"title":"First"}"#),
            event("message.added", alpha, run1, 1_767_225_600_001, #"{"role":"user","content":"hello"}"#),
            event("run.started", alpha, run1, 1_767_225_600_002, #"{"agent_name":"alpha","objective":"greet"}"#),
            event("llm.interaction", alpha, run1, 1_767_225_600_003, #"{"provider":"openai","model":"gpt-4o","prompt":"p","input_tokens":1000,"output_tokens":100}"#),
            event("llm.interaction", alpha, run1, 1_767_225_600_004, #"{"provider":"acme","model":"house-7","prompt":"p","input_tokens":10,"output_tokens":5}"#),
            event("message.added", alpha, run1, 1_767_225_600_005, #"{"role":"assistant","content":"hi"}"#),
            event("run.completed", alpha, run1, 1_767_225_600_006, #"{}"#),
            event("message.added", beta, run2, 1_767_312_000_000, #"{"role":"user","content":"find the needle"}"#, user: "u2"),
            event("run.started", beta, run2, 1_767_312_000_001, #"{"agent_name":"beta","objective":"search"}"#, user: "u2"),
            event("run.failed", beta, run2, 1_767_312_000_002, #"{"error_message":"no index"}"#, user: "u2"),
            event("message.added", quiet, "c0000000-0000-4000-8000-000000000003", 1_767_398_400_000, #"{"role":"user","content":"50% off_sale"}"#, user: "u3"),
        ]
        try store.succeed("ingest", ["-"], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
        try store.succeed("project")
        return store
    }

    func sessions(_ store: TestStore, _ arguments: [String] = []) throws -> [[String: Any]] {
        let text = try store.succeed("query", ["sessions", "--json"] + arguments)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "printed \(text)")
    }

    @Test("rows are newest first, with message and run counts, agents, status, tokens and the known cost")
    func rows() throws {
        let store = try Self.store()
        let rows = try sessions(store)
        #expect(rows.map { $0["session_id"] as? String } == [Self.quiet, Self.beta, Self.alpha])
        let alpha = try #require(rows.last)
        #expect(alpha["message_count"] as? Int == 2)
        #expect(alpha["run_count"] as? Int == 1)
        #expect(alpha["agents"] as? String == "alpha")
        #expect(alpha["status"] as? String == "completed")
        #expect(alpha["input_tokens"] as? Int == 1010)
        #expect(alpha["output_tokens"] as? Int == 105)
        #expect(alpha["cost_usd"] as? Double == 0.0035)  // gpt-4o: 1,000 in at $2.50/M, 100 out at $10/M; house-7 unpriced
        #expect(rows[1]["status"] as? String == "error")
        #expect(rows[0]["status"] == nil && rows[0]["run_count"] as? Int == 0 && rows[0]["message_count"] as? Int == 1)
    }

    @Test("filters: agent, status, text (LIKE wildcards taken literally), user; limit and offset page")
    func filters() throws {
        let store = try Self.store()
        func ids(_ arguments: [String]) throws -> [String?] { try sessions(store, arguments).map { $0["session_id"] as? String } }
        #expect(try ids(["--agent", "beta"]) == [Self.beta])
        #expect(try ids(["--status", "completed"]) == [Self.alpha])
        #expect(try ids(["--status", "error"]) == [Self.beta])
        #expect(try ids(["--text", "NEEDLE"]) == [Self.beta])
        #expect(try ids(["--text", "first"]) == [Self.alpha])
        #expect(try ids(["--text", "50% off_"]) == [Self.quiet])
        #expect(try ids(["--text", "5_%"]).isEmpty)
        #expect(try ids(["--user", "u2"]) == [Self.beta])
        #expect(try ids(["--limit", "1", "--offset", "1"]) == [Self.beta])
        let refused = try store.run("query", ["sessions", "--status", "sleeping"])
        #expect(refused.status != 0)
    }

    @Test("query llm --by day sums each UTC day, newest first")
    func costsByDay() throws {
        let store = try Self.store()
        let text = try store.succeed("query", ["llm", "--by", "day", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["key"] as? String } == ["2026-01-01"])
        #expect(rows.first?["calls"] as? Int == 2)
        #expect(rows.first?["unpriced_calls"] as? Int == 1)
    }
}
