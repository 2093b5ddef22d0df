import Foundation
import LogbookCatalogue
import LogbookCore
import LogbookReplay
import Testing

/// The fold's rules on hand-built sessions: clears, pairing, arrival out of order.
@Suite("Session fold")
struct SessionFoldTests {
    @Test func clearDropsEarlierMessagesAndKeepsOtherHistory() {
        var script = SessionScriptBuilder()
        let run = LogUUID.random()
        script.message("system", "be brief", at: 0)
        script.message("user", "first question", at: 10)
        script.add("run.started", at: 20, trace: run, ["agent_name": "support", "objective": "answer"])
        script.add("llm.interaction", at: 30, trace: run, ["provider": "p", "model": "m", "prompt": "q", "input_tokens": 100, "output_tokens": 10, "cost_usd": 0.25])
        script.add("run.completed", at: 40, trace: run, ["final_output": "done", "total_iterations": 1])
        script.message("assistant", "first answer", at: 50)
        script.add("session.cleared", at: 60, ["reason": "user reset"])
        script.message("system", "be brief", at: 70)
        script.message("user", "second question", at: 80)
        let events = script.recorded()
        let context = SessionFold.context(session: script.session, events: events)

        #expect(context.messages.map(\.content.text) == ["be brief", "second question"])
        #expect(context.clears.map(\.position) == [events[6].position])
        #expect(context.clears.map(\.reason) == ["user reset"])
        #expect(context.runs.map(\.status) == [.completed])
        #expect(context.usage.llmCalls == 1)
        #expect(context.usage.knownCostUSD == 0.25)

        let beforeClear = SessionFold.context(session: script.session, events: Array(events.prefix(6)))
        #expect(beforeClear.messages.map(\.content.text) == ["be brief", "first question", "first answer"])
        #expect(beforeClear.clears.isEmpty)
    }

    @Test func toolMessagesFollowTheCallThatAskedForThemWhateverTheirArrival() throws {
        var script = SessionScriptBuilder()
        script.message("user", "look it up", at: 0)
        // The answer to the second call and a stray tool message arrive before the assistant's request.
        script.message("tool", "result b", at: 5, extra: ["tool_call_id": "call-b", "name": "search"])
        script.message("tool", "stray", at: 6, extra: ["tool_call_id": "call-x"])
        script.message("assistant", "", at: 10, extra: ["tool_calls": [toolCall("call-a", "fetch"), toolCall("call-b", "search")]])
        script.message("tool", "result a", at: 20, extra: ["tool_call_id": "call-a", "name": "fetch"])
        script.message("assistant", "here it is", at: 30)
        let context = SessionFold.context(session: script.session, events: script.recorded())

        try #require(context.messages.map(\.role) == ["user", "tool", "assistant", "tool", "tool", "assistant"])
        #expect(context.messages.map { $0.toolCallID ?? "-" } == ["-", "call-x", "-", "call-a", "call-b", "-"])
        #expect(context.messages[2].toolCalls?.map(\.name) == ["fetch", "search"])
    }

    @Test func toolResultsPairWithCallsByCallIDInEitherOrder() throws {
        var script = SessionScriptBuilder()
        let run = LogUUID.random()
        script.add("tool.result", at: 300, trace: run, ["call_id": "c1", "output": "ERROR: boom", "is_error": true, "error_message": "boom"])
        script.add("tool.called", at: 100, trace: run, ["call_id": "c1", "tool_name": "shell", "arguments": "{\"cmd\":\"ls\"}"])
        script.add("tool.called", at: 400, trace: run, ["call_id": "c2", "tool_name": "read_file"])
        script.add("tool.called", at: 500, trace: run, ["call_id": "c3", "tool_name": "search"])
        script.add("tool.result", at: 650, trace: run, ["call_id": "c3", "output": "found"])
        let context = SessionFold.context(session: script.session, events: script.recorded())

        try #require(context.toolCalls.map(\.callID) == ["c1", "c2", "c3"])
        #expect(context.toolCalls.map(\.status) == [.failed, .pending, .succeeded])
        #expect(context.toolCalls[0].toolName == "shell")
        #expect(context.toolCalls[0].latencyMs == 200)
        #expect(context.toolCalls[2].latencyMs == 150)
        #expect(context.errors.map(\.kind) == [.toolError])
        #expect(context.errors.first?.subject == "shell")
    }

    @Test func aRunEndedBeforeItStartedIsEndedAndTheFirstEndingWins() throws {
        var script = SessionScriptBuilder()
        let run = LogUUID.random()
        script.add("run.failed", at: 900, trace: run, ["error_message": "out of budget", "total_iterations": 3])
        script.add("execution.completed", at: 800, trace: run, ["execution_id": "e1", "output_data": "ok"])
        script.add("run.started", at: 0, trace: run, ["agent_name": "planner", "objective": "plan", "run_name": "planner/plan"])
        script.add("execution.started", at: 10, trace: run, ["execution_id": "e1", "input_data": "go"])
        script.add("run.completed", at: 950, trace: run, ["final_output": "late"])
        let events = script.recorded()
        let context = SessionFold.context(session: script.session, events: events)

        try #require(context.runs.count == 1)
        let summary = context.runs[0]
        #expect(summary.status == .failed)
        #expect(summary.agentName == "planner")
        #expect(summary.errorMessage == "out of budget")
        #expect(summary.finalOutput == nil)
        #expect(summary.durationMs == 900)
        try #require(context.executions.map(\.status) == [.completed])
        #expect(context.executions[0].inputData == .string("go"))
        #expect(context.errors.map(\.kind) == [.runFailed])
        #expect(context.warnings.map(\.position) == [events[4].position])

        // As of the first event only the ending is visible: the run is already failed.
        let early = SessionFold.context(session: script.session, events: Array(events.prefix(1)))
        try #require(early.runs.map(\.status) == [.failed])
        #expect(early.runs[0].startPosition == nil)
        #expect(early.runs[0].agentName == nil)
    }

    @Test func costCountsOnlyReportedPricesAndNamesTheCallsWithout() {
        var script = SessionScriptBuilder()
        let run = LogUUID.random()
        for (index, cost) in [0.1, nil, 0.2, nil, 0.000001].enumerated() {
            var payload: [String: Any] = ["provider": "p", "model": "m", "prompt": "q", "input_tokens": 1000, "cached_input_tokens": 400,
                                          "output_tokens": 50, "reasoning_tokens": 20]
            if let cost { payload["cost_usd"] = cost }
            if index == 3 { payload["status"] = "error"; payload["error_message"] = "timeout" }
            script.add("llm.interaction", at: Int64(index), trace: run, payload)
        }
        let usage = SessionFold.context(session: script.session, events: script.recorded()).usage
        #expect(usage.llmCalls == 5)
        #expect(usage.failedCalls == 1)
        #expect(usage.inputTokens == 5000)
        #expect(usage.cachedInputTokens == 2000)
        #expect(usage.outputTokens == 250)
        #expect(usage.reasoningTokens == 100)
        #expect(usage.callsWithCost == 3)
        #expect(usage.callsWithoutCost == 2)
        #expect(usage.knownCostUSD == 0.300001)
    }

    @Test func anEventMissingWhatItNeedsIsReportedNotFolded() {
        var script = SessionScriptBuilder()
        script.add("message.added", at: 0, ["type": "reasoning", "summary": []])
        script.add("tool.called", at: 1, ["tool_name": "x"])
        script.message("user", "fine", at: 2)
        let context = SessionFold.context(session: script.session, events: script.recorded())
        // A message needs no role (a Responses item has none); a tool call needs its call_id.
        #expect(context.messages.map(\.type) == ["reasoning", nil])
        #expect(context.toolCalls.isEmpty)
        #expect(context.warnings.count == 1)
        #expect(context.eventCount == 3)
    }

    @Test func messagesEncodeAsAChatArray() throws {
        var script = SessionScriptBuilder()
        script.message("system", "sys", at: 0)
        script.message("user", "hi", at: 1, extra: ["name": "ana"])
        script.message("assistant", "", at: 2, extra: ["tool_calls": [toolCall("c1", "search", "{\"q\":\"x\"}")]])
        script.message("tool", "res", at: 3, extra: ["tool_call_id": "c1"])
        script.add("message.added", at: 4, ["role": "user", "content": [["type": "text", "text": "parts"], ["type": "image_url", "image_url": ["url": "u"]]]])
        let context = SessionFold.context(session: script.session, events: script.recorded())
        let array = try #require(jsonObject(try ReplayJSON.encode(context.messages)) as? [[String: Any]])
        try #require(array.count == 5)
        let allowed: Set<String> = ["role", "content", "name", "tool_call_id", "tool_calls"]
        for message in array {
            #expect(message["role"] is String)
            #expect(message["content"] != nil)
            #expect(Set(message.keys).isSubset(of: allowed))
        }
        #expect(array[1]["name"] as? String == "ana")
        #expect(canonical(array[2]["tool_calls"]) == canonical([toolCall("c1", "search", "{\"q\":\"x\"}")]))
        #expect(array[3]["tool_call_id"] as? String == "c1")
        #expect((array[4]["content"] as? [Any])?.count == 2)
        #expect(MessageText.of(context.messages[4].payload) == "parts\n[image_url]")
    }
}
