import LogbookCatalogue

/// `trace_steps`, as `TraceStepsProjector` builds them.
extension ReadModelRows {
    /// A step of a trace. `usage` is the LLM call's, when the event is one.
    mutating func traceStep(_ event: ProjectedEvent, usage: LLMUsage?) {
        guard let row = TraceStep(event, usage: { usage ?? LLMUsage(event, prices: prices) }) else { return }
        let key = EventKey(timestampMs: row.timestamp, eventID: row.eventID)
        guard traceSteps[event.traceID]?[key] == nil else { return }
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
