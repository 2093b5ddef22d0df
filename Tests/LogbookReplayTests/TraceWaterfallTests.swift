import Foundation
import LogbookCore
import LogbookReplay
import LogbookTestSupport
import Testing

/// The waterfall of a hand-built run: nesting under executions, offsets, durations, usage.
@Suite("Trace waterfall")
struct TraceWaterfallTests {
    /// run.started at 0; execution e1 10…1300 holding an LLM call (returned at 1010 after
    /// 1000 ms) and a tool call 1020…1220; a thought at 1310 outside any execution;
    /// execution e2 1400…2000 with a failed LLM call; run.failed at 2100.
    static func script() -> (SessionScriptBuilder, LogUUID) {
        var script = SessionScriptBuilder()
        let run = LogUUID.random()
        script.add("run.started", at: 0, trace: run, ["agent_name": "analyst", "objective": "count", "run_name": "analyst/count"])
        script.add("execution.started", at: 10, trace: run, ["execution_id": "e1"])
        script.add("llm.interaction", at: 1010, trace: run, [
            "provider": "openai", "model": "gpt", "prompt": "p", "response": "r", "input_tokens": 1000, "cached_input_tokens": 200,
            "output_tokens": 100, "latency_ms": 1000, "cost_usd": 0.01, "status": "ok",
        ])
        // The result is appended before its call: the waterfall goes by time, not arrival.
        script.add("tool.result", at: 1220, trace: run, ["call_id": "t1", "output": "3 rows"])
        script.add("tool.called", at: 1020, trace: run, ["call_id": "t1", "tool_name": "sql"])
        script.add("execution.completed", at: 1300, trace: run, ["execution_id": "e1", "output_data": "counted"])
        script.add("agent.thought", at: 1310, trace: run, ["content": "check again"])
        script.add("execution.started", at: 1400, trace: run, ["execution_id": "e2"])
        script.add("llm.interaction", at: 1900, trace: run, [
            "provider": "openai", "model": "gpt", "prompt": "p", "input_tokens": 500, "output_tokens": 0, "latency_ms": 450,
            "status": "error", "error_message": "rate limited",
        ])
        script.add("execution.failed", at: 2000, trace: run, ["execution_id": "e2", "error_message": "gave up"])
        script.add("run.failed", at: 2100, trace: run, ["error_message": "gave up", "total_iterations": 2])
        return (script, run)
    }

    @Test func stepsNestUnderTheirExecutionsWithOffsetsFromTheRunStart() async throws {
        let (script, run) = Self.script()
        let log = try TestLog()
        try await log.append(script.drafts)
        let waterfall = try log.traces.waterfall(trace: run)

        #expect(waterfall.run?.status == .failed)
        #expect(waterfall.startMs == script.startMs)
        #expect(waterfall.durationMs == 2100)
        #expect(waterfall.sessionIDs == [script.session])
        let rows = waterfall.steps.map { "\($0.kind.rawValue) \($0.name) @\($0.offsetMs) \($0.durationMs.map(String.init) ?? "-") d\($0.depth) p\($0.parent.map(String.init) ?? "-") \($0.status ?? "")" }
        try #require(rows == [
            "execution e1 @10 1290 d0 p- completed",
            "llm openai/gpt @10 1000 d1 p0 ok",
            "tool sql @1020 200 d1 p0 succeeded",
            "thought thought @1310 - d0 p- ",
            "execution e2 @1400 600 d0 p- failed",
            "llm openai/gpt @1450 450 d1 p4 error",
        ])
        #expect(waterfall.steps[2].positions.count == 2)
        #expect(waterfall.steps[0].usage?.inputTokens == 1000)
        #expect(waterfall.steps[0].usage?.knownCostUSD == 0.01)
        #expect(waterfall.steps[4].usage?.failedCalls == 1)
        #expect(waterfall.steps[4].usage?.callsWithoutCost == 1)
        #expect(waterfall.usage.llmCalls == 2)
        #expect(waterfall.usage.inputTokens == 1500)
        #expect(waterfall.run?.usage == waterfall.usage)
    }

    @Test func asOfAPositionTheWaterfallStopsThere() async throws {
        let (script, run) = Self.script()
        let log = try TestLog()
        let stored = try await log.append(script.drafts)
        let waterfall = try log.traces.waterfall(trace: run, at: .position(stored[3].position))
        #expect(waterfall.eventCount == 4)
        #expect(waterfall.run?.status == .running)
        try #require(waterfall.steps.map(\.kind) == [.execution, .llm, .tool])
        #expect(waterfall.steps[0].status == "running")
        #expect(waterfall.steps[0].durationMs == nil)
        // Only the result is visible: the tool step is placed latency-less at the result's time.
        #expect(waterfall.steps[2].name == "tool")
        #expect(waterfall.steps[2].offsetMs == 1220)
    }

    @Test func theWaterfallEncodesAsJSONAndDrawsAsText() throws {
        let (script, run) = Self.script()
        let waterfall = TraceWaterfall.build(trace: run, events: script.recorded())
        let json = try #require(jsonObject(try ReplayJSON.encode(waterfall)) as? [String: Any])
        #expect(json["trace_id"] as? String == run.description)
        let steps = try #require(json["steps"] as? [[String: Any]])
        try #require(steps.map { $0["offset_ms"] as? Int } == [10, 10, 1020, 1310, 1400, 1450])
        #expect(steps[1]["parent"] as? Int == 0)
        let text = WaterfallRenderer().render(waterfall)
        let lines = text.split(separator: "\n")
        #expect(lines.first?.contains("analyst/count") == true)
        #expect(lines.contains { $0.contains("|   llm openai/gpt ok · in 1,000 out 100 $0.010000") })
        #expect(lines.contains { $0.contains("| execution e1 completed") })
    }
}
