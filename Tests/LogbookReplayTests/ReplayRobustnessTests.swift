import Foundation
import LogbookCore
import LogbookReplay
import Testing

/// Stored events that once trapped replay: every one folds and renders, with a warning.
@Suite("Replay never traps on a stored event")
struct ReplayRobustnessTests {
    @Test func hugeCountsAndCostsAreLeftOutWithAWarning() {
        var script = SessionScriptBuilder()
        let run = LogUUID.random()
        script.add("run.started", at: 0, trace: run, ["agent_name": "a", "objective": "o"])
        for offset in [10, 20] as [Int64] {
            script.add("llm.interaction", at: offset, trace: run, ["provider": "p", "model": "m", "prompt": "q", "input_tokens": 5_000_000_000_000_000_000 as Int64, "output_tokens": 7])
        }
        script.add("llm.interaction", at: 30, trace: run, ["provider": "p", "model": "m", "prompt": "q", "cost_usd": 1e10, "latency_ms": 1e300])
        let events = script.recorded()
        let context = SessionFold.context(session: script.session, events: events)
        #expect(context.usage.inputTokens == 0)
        #expect(context.usage.outputTokens == 14)
        #expect(context.usage.callsWithoutCost == 3)
        #expect(context.warnings.count == 4)
        #expect(context.warnings.first?.message.contains("input_tokens 5000000000000000000 is not a token count") == true)
        #expect(!TranscriptRenderer().render(context).isEmpty)

        let waterfall = TraceWaterfall.build(trace: run, events: events.filter { $0.traceID == run })
        #expect(waterfall.usage.inputTokens == 0)
        #expect(waterfall.warnings.count == 4)
        #expect(!WaterfallRenderer().render(waterfall).isEmpty)
    }

    @Test(arguments: [Int64.max, Int64.min, 1_767_225_600_000_000_000, -1_767_225_600_000_000_000])
    func aTimestampInTheWrongUnitDrawsWithAWarning(timestamp: Int64) {
        var script = SessionScriptBuilder()
        let run = LogUUID.random()
        script.add("run.started", at: 0, trace: run, ["agent_name": "a", "objective": "o"])
        script.add("llm.interaction", at: 5, trace: run, ["provider": "p", "model": "m", "prompt": "q", "latency_ms": 2_000_000_000])
        script.add("run.completed", at: 9, trace: run, [:])
        var events = script.recorded()
        events[1] = RecordedEvent(
            position: events[1].position, sessionSeq: events[1].sessionSeq, recordedAtMs: events[1].recordedAtMs, id: events[1].id,
            eventType: events[1].eventType, sessionID: events[1].sessionID, traceID: run, userID: nil, agentID: nil,
            timestampMs: timestamp, payload: events[1].payload)
        let waterfall = TraceWaterfall.build(trace: run, events: events)
        let text = WaterfallRenderer().render(waterfall)
        #expect(text.contains("llm p/m"))
        #expect(waterfall.warnings.contains { $0.message.contains("timestamp") })
        let context = SessionFold.context(session: script.session, events: events)
        #expect(!TranscriptRenderer().render(context).isEmpty)
    }
}
