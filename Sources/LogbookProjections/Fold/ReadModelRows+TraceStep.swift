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
