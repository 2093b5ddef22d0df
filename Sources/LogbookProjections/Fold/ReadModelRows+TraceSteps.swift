import LogbookCatalogue

/// `trace_steps`, as `TraceStepsProjector` builds them.
extension ReadModelRows {
    /// A step of a trace. `usage` is the LLM call's, when the event is one.
    mutating func traceStep(_ event: ProjectedEvent, usage: LLMUsage?) {
        let timestamp = event.type == EventType.spanRecorded ? event.int("started_at_ms") ?? event.timestampMs : event.timestampMs
        let key = EventKey(timestampMs: timestamp, eventID: event.eventID)
        guard traceSteps[event.traceID]?[key] == nil else { return }
        var row = TraceStep(
            traceID: event.traceID, timestamp: timestamp, eventID: event.eventID, sequenceOrder: 0, stepType: "",
            isError: false, lastPosition: event.position)
        switch event.type {
        case EventType.agentThought:
            row.stepType = "thought"
            row.stepName = "thought"
            row.outputPayload = event.text("content")
        case EventType.toolCalled:
            row.stepType = "tool_call"
            row.stepName = event.string("tool_name")
            row.callID = event.string("call_id")
            row.inputPayload = event.text("arguments")
            row.latencyMs = EventRules.milliseconds(event.payload["latency_ms"])
        case EventType.toolResult:
            row.stepType = "tool_result"
            row.callID = event.string("call_id")
            row.outputPayload = event.text("output")
            row.latencyMs = EventRules.milliseconds(event.payload["latency_ms"])
            row.isError = EventRules.toolResultFailed(isError: event.bool("is_error"), errorMessage: event.string("error_message"))
        case EventType.llmInteraction:
            let usage = usage ?? LLMUsage(event, prices: prices)
            row.stepType = "llm_response"
            row.stepName = event.string("model")
            row.inputPayload = event.text("prompt")
            row.outputPayload = event.text("response")
            row.latencyMs = usage.latencyMs
            row.tokens = usage.inputTokens + usage.outputTokens
            row.costUSD = usage.costUSD
            row.isError = EventRules.llmCallFailed(status: event.string("status"), errorMessage: event.string("error_message"))
        case EventType.spanRecorded:
            row.stepType = "span"
            row.stepName = event.string("name")
            row.inputPayload = event.json("attributes")
            row.outputPayload = event.text("error_message")
            row.latencyMs = EventRules.spanLength(startedAtMs: event.int("started_at_ms"), endedAtMs: event.int("ended_at_ms"))
            row.isError = EventRules.spanFailed(status: event.string("status"), errorMessage: event.string("error_message"))
        default:
            return
        }
        traceSteps[event.traceID, default: [:]][key] = row
    }

    /// Remembers a tool call or result for the batch's end.
    mutating func noteCall(_ event: ProjectedEvent) {
        guard event.type == EventType.toolCalled || event.type == EventType.toolResult, let call = event.string("call_id") else { return }
        touchedCalls[event.traceID, default: []].insert(call)
    }

    /// Unnamed results of the `calls` of a trace take the name of each call's earliest call
    /// step: one walk over the trace's steps, however many calls the batch touched.
    mutating func nameResults(trace: String, calls: Set<String>) {
        guard let steps = traceSteps[trace] else { return }
        var earliest: [String: (key: EventKey, name: String?)] = [:]
        var unnamed: [(key: EventKey, call: String)] = []
        for (key, step) in steps {
            guard let call = step.callID, calls.contains(call) else { continue }
            if step.stepType == "tool_call" {
                if earliest[call].map({ key < $0.key }) ?? true { earliest[call] = (key, step.stepName) }
            } else if step.stepType == "tool_result", step.stepName == nil {
                unnamed.append((key, call))
            }
        }
        for result in unnamed {
            guard let name = earliest[result.call]?.name else { continue }
            traceSteps[trace]![result.key]!.stepName = name
        }
    }

    /// A trace's steps in order, numbered 1, 2, 3 … (`sequence_order`).
    public func steps(trace: String) -> [TraceStep] {
        guard let steps = traceSteps[trace] else { return [] }
        var ordered = steps.sorted { $0.key < $1.key }.map(\.value)
        for index in ordered.indices { ordered[index].sequenceOrder = Int64(index + 1) }
        return ordered
    }
}
