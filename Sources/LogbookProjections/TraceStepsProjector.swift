import LogbookCatalogue

/// `trace_steps`: thoughts, tool calls and results and LLM responses of a trace, numbered
/// by (timestamp, event id) after each batch, so the numbering does not depend on arrival
/// order; a tool result takes its call's tool name once both are there. A batch renumbers
/// only from the first step it adds to a trace, and names only the results of the calls it
/// touches, so following a long trace costs each step once, not the whole trace per batch. Errors follow
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
        guard let step = ReadModelRows.TraceStep(event, usage: { LLMUsage(event, prices: prices) }) else { return }
        try db.execute("""
            INSERT OR IGNORE INTO trace_steps (trace_id, timestamp, event_id, step_type, step_name, call_id,
                input_payload, output_payload, latency_ms, tokens, cost_usd, is_error, last_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                step.traceID, step.timestamp, step.eventID, step.stepType, step.stepName, step.callID, step.inputPayload,
                step.outputPayload, step.latencyMs, step.tokens, step.costUSD, step.isError, step.lastPosition,
            ])
    }

    public func finishBatch(_ events: [ProjectedEvent], to db: any ProjectionSQL) throws {
        // The first step (by timestamp, event id) of each trace the batch adds steps to.
        var firstSteps: [String: (timestamp: Int64, eventID: String)] = [:]
        for event in events where Self.stepTypes.contains(event.type) {
            let key = (timestamp: Self.timestamp(of: event), eventID: event.eventID)
            if firstSteps[event.traceID].map({ (key.timestamp, key.eventID) < ($0.timestamp, $0.eventID) }) ?? true {
                firstSteps[event.traceID] = key
            }
        }
        // Steps before the first added keep their numbers; the rest are numbered on from the
        // step just before it.
        for (trace, first) in firstSteps.sorted(by: { $0.key < $1.key }) {
            try db.execute("""
                UPDATE trace_steps SET sequence_order = ranked.n
                FROM (SELECT timestamp, event_id, row_number() OVER (ORDER BY timestamp, event_id) + coalesce((
                          SELECT sequence_order FROM trace_steps WHERE trace_id = ? AND (timestamp, event_id) < (?, ?)
                          ORDER BY timestamp DESC, event_id DESC LIMIT 1), 0) AS n
                      FROM trace_steps WHERE trace_id = ? AND (timestamp, event_id) >= (?, ?)) AS ranked
                WHERE trace_steps.trace_id = ? AND trace_steps.timestamp = ranked.timestamp
                    AND trace_steps.event_id = ranked.event_id AND trace_steps.sequence_order <> ranked.n
                """, [trace, first.timestamp, first.eventID, trace, first.timestamp, first.eventID, trace])
        }
        try Self.nameResults(of: Self.toolCalls(touchedBy: events), in: db)
    }

    /// A tool call of a trace, by its `call_id`.
    public struct ToolCall: Hashable, Sendable {
        public let trace: String
        public let call: String
    }

    /// The tool calls that `events` call or answer.
    static func toolCalls(touchedBy events: [ProjectedEvent]) -> Set<ToolCall> {
        var calls = Set<ToolCall>()
        for event in events where event.type == EventType.toolCalled || event.type == EventType.toolResult {
            if let call = event.string("call_id") { calls.insert(ToolCall(trace: event.traceID, call: call)) }
        }
        return calls
    }

    /// Unnamed results of `calls` take the name of the call's earliest call step.
    static func nameResults(of calls: Set<ToolCall>, in db: any ProjectionSQL) throws {
        for call in calls.sorted(by: { [$0.trace, $0.call].lexicographicallyPrecedes([$1.trace, $1.call]) }) {
            try db.execute("""
                UPDATE trace_steps SET step_name = (
                    SELECT step_name FROM trace_steps
                    WHERE trace_id = ? AND call_id = ? AND step_type = 'tool_call'
                    ORDER BY timestamp, event_id LIMIT 1)
                WHERE trace_id = ? AND call_id = ? AND step_type = 'tool_result' AND step_name IS NULL
                """, [call.trace, call.call, call.trace, call.call])
        }
    }

    /// Numbers every trace's steps from 1 in one pass: what the batches' numbering comes to
    /// once every step is there (a rebuild numbers once, at its end).
    static func numberAll(in db: any ProjectionSQL) throws {
        try db.execute("""
            UPDATE trace_steps SET sequence_order = ranked.n
            FROM (SELECT trace_id, timestamp, event_id, row_number() OVER (PARTITION BY trace_id ORDER BY timestamp, event_id) AS n
                  FROM trace_steps) AS ranked
            WHERE trace_steps.trace_id = ranked.trace_id AND trace_steps.timestamp = ranked.timestamp
                AND trace_steps.event_id = ranked.event_id
            """, [])
    }

    /// A step's time: a span's start, else the event's.
    private static func timestamp(of event: ProjectedEvent) -> Int64 {
        event.type == EventType.spanRecorded ? event.int("started_at_ms") ?? event.timestampMs : event.timestampMs
    }

    private static let stepTypes: Set<String> = [
        EventType.agentThought, EventType.toolCalled, EventType.toolResult, EventType.llmInteraction, EventType.spanRecorded,
    ]
}
