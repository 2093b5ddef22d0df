import LogbookCatalogue

extension ReadModelRows {
    /// One step of a trace (`trace_steps`). `sequence_order` is its rank in the trace, given when the trace's rows are read out.
    public struct TraceStep: ReadModelRow {
        public static let table = "trace_steps"
        public static let columns = [
            "trace_id", "timestamp", "event_id", "sequence_order", "step_type", "step_name", "call_id",
            "input_payload", "output_payload", "latency_ms", "tokens", "cost_usd", "is_error", "last_position",
        ]

        public internal(set) var traceID: String
        public internal(set) var timestamp: Int64
        public internal(set) var eventID: String
        public internal(set) var sequenceOrder: Int64
        public internal(set) var stepType: String
        public internal(set) var stepName: String?
        public internal(set) var callID: String?
        public internal(set) var inputPayload: String?
        public internal(set) var outputPayload: String?
        public internal(set) var latencyMs: Int64?
        public internal(set) var tokens: Int64?
        public internal(set) var costUSD: Double?
        public internal(set) var isError: Bool
        public internal(set) var lastPosition: Int64

        public var values: [SQLValue] {
            [
                .text(traceID), .integer(timestamp), .text(eventID), .integer(sequenceOrder), .text(stepType),
                .of(stepName), .of(callID), .of(inputPayload), .of(outputPayload), .of(latencyMs), .of(tokens),
                .of(costUSD), .of(isError), .integer(lastPosition),
            ]
        }
    }
}

extension ReadModelRows.TraceStep {
    /// The step `event` is, unnumbered; nil for an event that is no step. `usage` is asked
    /// for an LLM call only. The trace-steps projector inserts the same row.
    init?(_ event: ProjectedEvent, usage: () -> LLMUsage) {
        let timestamp = event.type == EventType.spanRecorded ? event.int("started_at_ms") ?? event.timestampMs : event.timestampMs
        self.init(
            traceID: event.traceID, timestamp: timestamp, eventID: event.eventID, sequenceOrder: 0, stepType: "",
            isError: false, lastPosition: event.position)
        switch event.type {
        case EventType.agentThought:
            stepType = "thought"
            stepName = "thought"
            outputPayload = event.text("content")
        case EventType.toolCalled:
            stepType = "tool_call"
            stepName = event.string("tool_name")
            callID = event.string("call_id")
            inputPayload = event.text("arguments")
            latencyMs = EventRules.milliseconds(event.payload["latency_ms"])
        case EventType.toolResult:
            stepType = "tool_result"
            callID = event.string("call_id")
            outputPayload = event.text("output")
            latencyMs = EventRules.milliseconds(event.payload["latency_ms"])
            isError = EventRules.toolResultFailed(isError: event.bool("is_error"), errorMessage: event.string("error_message"))
        case EventType.llmInteraction:
            let usage = usage()
            stepType = "llm_response"
            stepName = event.string("model")
            inputPayload = event.text("prompt")
            outputPayload = event.text("response")
            latencyMs = usage.latencyMs
            tokens = usage.inputTokens + usage.outputTokens
            costUSD = usage.costUSD
            isError = EventRules.llmCallFailed(status: event.string("status"), errorMessage: event.string("error_message"))
        case EventType.spanRecorded:
            stepType = "span"
            stepName = event.string("name")
            inputPayload = event.json("attributes")
            outputPayload = event.text("error_message")
            latencyMs = EventRules.spanLength(startedAtMs: event.int("started_at_ms"), endedAtMs: event.int("ended_at_ms"))
            isError = EventRules.spanFailed(status: event.string("status"), errorMessage: event.string("error_message"))
        default:
            return nil
        }
    }
}
