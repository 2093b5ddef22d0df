import LogbookCatalogue

/// `trace_steps`: thoughts, tool calls and results and LLM responses of a trace, numbered
/// by (timestamp, event id) after each batch, so the numbering does not depend on arrival
/// order; a tool result takes its call's tool name once both are there. Errors follow
/// `EventRules`, as in replay. Other spans (`span.recorded`) are steps from their start, as
/// long as they lasted. A `run.deleted` drops the trace's steps (`RunDeletion`).
public struct TraceStepsProjector: Projector {
    public let name = "trace_steps"
    public let version: Int
    public let schemaFile = "trace_steps"
    let prices: PriceTable

    public init(prices: PriceTable = .standard) {
        self.prices = prices
        version = prices.projectorVersion(3)
    }

    public func apply(_ event: ProjectedEvent, to db: any ProjectionSQL) throws {
        guard Self.stepTypes.contains(event.type) || event.type == EventType.runDeleted,
              try !RunDeletion.handled(event, tables: ["trace_steps"], column: "trace_id", in: db) else { return }
        var row = Step()
        var timestamp = event.timestampMs
        switch event.type {
        case EventType.agentThought:
            row.type = "thought"
            row.name = "thought"
            row.output = event.text("content")
        case EventType.toolCalled:
            row.type = "tool_call"
            row.name = event.string("tool_name")
            row.callID = event.string("call_id")
            row.input = event.text("arguments")
            row.latencyMs = EventRules.milliseconds(event.payload["latency_ms"])
        case EventType.toolResult:
            row.type = "tool_result"
            row.callID = event.string("call_id")
            row.output = event.text("output")
            row.latencyMs = EventRules.milliseconds(event.payload["latency_ms"])
            row.isError = EventRules.toolResultFailed(isError: event.bool("is_error"), errorMessage: event.string("error_message"))
        case EventType.llmInteraction:
            let usage = LLMUsage(event, prices: prices)
            row.type = "llm_response"
            row.name = event.string("model")
            row.input = event.text("prompt")
            row.output = event.text("response")
            row.latencyMs = usage.latencyMs
            row.tokens = usage.inputTokens + usage.outputTokens
            row.costUSD = usage.costUSD
            row.isError = EventRules.llmCallFailed(status: event.string("status"), errorMessage: event.string("error_message"))
        case EventType.spanRecorded:
            let started = event.int("started_at_ms")
            row.type = "span"
            row.name = event.string("name")
            row.input = event.json("attributes")
            row.output = event.text("error_message")
            row.latencyMs = EventRules.spanLength(startedAtMs: started, endedAtMs: event.int("ended_at_ms"))
            row.isError = EventRules.spanFailed(status: event.string("status"), errorMessage: event.string("error_message"))
            timestamp = started ?? timestamp
        default:
            return
        }
        try db.execute("""
            INSERT OR IGNORE INTO trace_steps (trace_id, timestamp, event_id, step_type, step_name, call_id,
                input_payload, output_payload, latency_ms, tokens, cost_usd, is_error, last_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                event.traceID, timestamp, event.eventID, row.type, row.name, row.callID, row.input,
                row.output, row.latencyMs, row.tokens, row.costUSD, row.isError, event.position,
            ])
    }

    public func finishBatch(_ events: [ProjectedEvent], to db: any ProjectionSQL) throws {
        var traces = Set<String>()
        for event in events where Self.stepTypes.contains(event.type) { traces.insert(event.traceID) }
        for trace in traces.sorted() {
            try db.execute("""
                UPDATE trace_steps SET sequence_order = ranked.n
                FROM (SELECT timestamp, event_id, row_number() OVER (ORDER BY timestamp, event_id) AS n
                      FROM trace_steps WHERE trace_id = ?) AS ranked
                WHERE trace_steps.trace_id = ? AND trace_steps.timestamp = ranked.timestamp
                    AND trace_steps.event_id = ranked.event_id AND trace_steps.sequence_order <> ranked.n
                """, [trace, trace])
            try db.execute("""
                UPDATE trace_steps SET step_name = (
                    SELECT call.step_name FROM trace_steps AS call
                    WHERE call.trace_id = trace_steps.trace_id AND call.step_type = 'tool_call'
                        AND call.call_id = trace_steps.call_id
                    ORDER BY call.timestamp, call.event_id LIMIT 1)
                WHERE trace_id = ? AND step_type = 'tool_result' AND step_name IS NULL
                """, [trace])
        }
    }

    private static let stepTypes: Set<String> = [
        EventType.agentThought, EventType.toolCalled, EventType.toolResult, EventType.llmInteraction, EventType.spanRecorded,
    ]

    private struct Step {
        var type = ""
        var name: String?
        var callID: String?
        var input: String?
        var output: String?
        var latencyMs: Int64?
        var tokens: Int64?
        var costUSD: Double?
        var isError = false
    }
}
