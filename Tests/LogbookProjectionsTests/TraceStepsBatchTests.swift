import Foundation
import GRDB
import LogbookCore
import LogbookProjections
import LogbookTestSupport
import LogbookWorkload
import Testing

/// The trace-steps projector numbers a batch's steps from the first one it adds on, so the
/// table must come out as if each trace were numbered whole, whatever the batches.
@Suite("trace_steps in many small batches")
struct TraceStepsBatchTests {
    /// A long trace: thoughts, tool calls and their results (some results logged before their
    /// calls), LLM calls and spans whose start is earlier than when they were logged; about one
    /// step in ten arrives late, stamped before steps already there.
    static func longTrace(steps: Int, seed: UInt64) -> [EventDraft] {
        var rng = SplitMix64(seed: seed)
        let trace = LogUUID.random()
        let session = LogUUID.random()
        var drafts: [EventDraft] = []
        var clock: Int64 = 1_767_225_600_000
        func draft(_ type: String, _ at: Int64, _ payload: String) -> EventDraft {
            EventDraft(eventType: type, sessionID: session, traceID: trace, userID: "u", agentID: "a", timestampMs: at, payload: Array(payload.utf8))
        }
        var call = 0
        while drafts.count < steps {
            clock += Int64(rng.next() % 5)  // ties on the same millisecond too
            let at = rng.next() % 10 == 0 ? clock - Int64(rng.next() % 2_000) : clock
            switch rng.next() % 5 {
            case 0: drafts.append(draft("agent.thought", at, #"{"content":"step \#(drafts.count)"}"#))
            case 1:
                call += 1
                let called = draft("tool.called", at, #"{"call_id":"c\#(call)","tool_name":"tool\#(call % 7)"}"#)
                let result = draft("tool.result", at + 3, #"{"call_id":"c\#(call)","output":"ok"}"#)
                drafts += rng.next() % 4 == 0 ? [result, called] : [called, result]
            case 2: drafts.append(draft("llm.interaction", at, #"{"provider":"openai","model":"gpt-4o","prompt":"p","input_tokens":10,"output_tokens":2}"#))
            case 3: drafts.append(draft("span.recorded", at, #"{"name":"span","started_at_ms":\#(at - 50),"ended_at_ms":\#(at)}"#))
            default: drafts.append(draft("run.log", at, #"{"level":"info","message":"not a step"}"#))
            }
        }
        return drafts
    }

    @Test("a long trace fed in batches of 1, 7 and 64 gives the table of one batch")
    func smallBatchesEqualOne() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("trace steps batches: seed \(seed)")
        let drafts = Self.longTrace(steps: 1_500, seed: seed)
        let whole = try await ProjectionFixture(drafts)
        try whole.engine(projectors: [TraceStepsProjector()], batchSize: 100_000).catchUp()
        let want = try await whole.readOnly().read { try Tables.dump("trace_steps", in: $0) }
        #expect(want.count > 1_000)
        // Numbered 1, 2, 3 … by (timestamp, event id), every tool result named after its call.
        let numbered = try await whole.readOnly().read { db in
            try Int.fetchAll(db, sql: "SELECT sequence_order FROM trace_steps ORDER BY timestamp, event_id")
        }
        #expect(numbered == Array(1...numbered.count), "seed \(seed)")
        let unnamed = try await whole.readOnly().read { try Int.fetchOne($0, sql: "SELECT count(*) FROM trace_steps WHERE step_type = 'tool_result' AND step_name IS NULL") }
        #expect(unnamed == 0, "seed \(seed)")
        for batchSize in [1, 7, 64] {
            let batched = try await ProjectionFixture(drafts)
            try batched.engine(projectors: [TraceStepsProjector()], batchSize: batchSize).catchUp()
            let got = try await batched.readOnly().read { try Tables.dump("trace_steps", in: $0) }
            let differing = Set(got).symmetricDifference(want).sorted()
            #expect(got.count == want.count && differing.isEmpty, "batches of \(batchSize), seed \(seed): \(differing.count) rows differ, such as \(differing.prefix(2))")
        }
    }
}
