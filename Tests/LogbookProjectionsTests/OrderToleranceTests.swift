import Foundation
import GRDB
import LogbookCore
import LogbookProjections
import LogbookTestSupport
import LogbookWorkload
import Testing

@Suite("The tables do not depend on the order events arrive in")
struct OrderToleranceTests {
    /// Columns that record where events landed in the log, which a permutation changes.
    static let positional: Set<String> = ["last_position", "session_seq"]

    @Test("random permutations of generated sessions, some envelopes without agent or user, give the same tables", arguments: [0, 1, 2])
    func permutations(round: Int) async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("permutation round \(round): seed \(seed)")
        var rng = SplitMix64(seed: seed)
        // Every generated event carries the same ids; real clients leave them out here and there.
        var drafts = Workload.drafts(sessions: 12, seed: 21)
        for index in drafts.indices {
            if rng.next() % 3 == 0 { drafts[index].agentID = nil }
            if rng.next() % 3 == 0 { drafts[index].userID = nil }
        }
        let reference = try await ProjectionFixture(drafts)
        try reference.engine().catchUp()
        let want = try Tables.dumpAll(reference.readOnly(), excluding: Self.positional)

        var shuffled = drafts
        shuffled.shuffle(using: &rng)
        let permuted = try await ProjectionFixture(shuffled)
        try permuted.engine(batchSize: 64).catchUp()
        let got = try Tables.dumpAll(permuted.readOnly(), excluding: Self.positional)
        for table in Tables.all {
            #expect(got[table] == want[table], "table \(table) differs for permutation seed \(seed)")
        }
    }

    @Test("a run's end before its start, a tool result before its call, and a second ending")
    func handBuiltDisorder() async throws {
        let session = LogUUID.random()
        let trace = LogUUID.random()
        func draft(_ type: String, _ at: Int64, _ payload: String) -> EventDraft {
            EventDraft(eventType: type, sessionID: session, traceID: trace, userID: "u", agentID: "a",
                       timestampMs: 1_767_225_600_000 + at, payload: Array(payload.utf8))
        }
        let started = draft("run.started", 0, #"{"agent_name":"triage","objective":"sort the queue"}"#)
        let called = draft("tool.called", 10, #"{"call_id":"c1","tool_name":"search"}"#)
        let result = draft("tool.result", 20, #"{"call_id":"c1","output":"3 hits"}"#)
        let llm = draft("llm.interaction", 30, #"{"provider":"openai","model":"gpt-4o","prompt":"p","input_tokens":1000,"cached_input_tokens":400,"output_tokens":100}"#)
        let failed = draft("run.failed", 40, #"{"error_message":"tool timeout","total_iterations":1}"#)
        let completedLater = draft("run.completed", 50, #"{"final_output":"late","total_iterations":2}"#)
        let orders: [[EventDraft]] = [
            [started, called, result, llm, failed, completedLater],
            [completedLater, failed, result, llm, called, started],
            [result, failed, started, completedLater, llm, called],
        ]
        var dumps: [[String: [String]]] = []
        for order in orders {
            let fixture = try await ProjectionFixture([])
            for event in order {
                _ = try await fixture.log.append([event])
                try fixture.engine(batchSize: 1).catchUp()
            }
            let db = try fixture.readOnly()
            let run = try #require(try db.read { try Row.fetchOne($0, sql: "SELECT * FROM agent_runs") })
            #expect(run["status"] == "error")
            #expect(run["error_message"] == "tool timeout")
            #expect(run["agent_name"] == "triage")
            #expect(run["started_at"] == 1_767_225_600_000 as Int64)
            #expect(run["input_tokens"] == 1000)
            // gpt-4o: 600 fresh × $2.50 + 400 cached × $1.25 + 100 out × $10 per million.
            #expect(run["cost_usd"] == 0.003)
            let steps = try db.read { try Row.fetchAll($0, sql: "SELECT step_type, step_name FROM trace_steps ORDER BY sequence_order") }
            #expect(steps.map { $0["step_type"] as String } == ["tool_call", "tool_result", "llm_response"])
            #expect(steps[1]["step_name"] == "search")
            dumps.append(try Tables.dumpAll(db, excluding: Self.positional))
        }
        #expect(dumps.allSatisfy { $0 == dumps[0] })
    }
}
