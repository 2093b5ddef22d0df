extension ReadModelRows {
    /// One guardrail evaluation (`guardrail_results`).
    public struct GuardrailResult: ReadModelRow {
        public static let table = "guardrail_results"
        public static let columns = [
            "event_id", "run_id", "session_id", "name", "kind", "triggered", "output_info", "span_id", "timestamp",
            "last_position",
        ]

        public internal(set) var eventID: String
        public internal(set) var runID: String
        public internal(set) var sessionID: String?
        public internal(set) var name: String
        public internal(set) var kind: String?
        public internal(set) var triggered: Bool
        public internal(set) var outputInfo: String?
        public internal(set) var spanID: String?
        public internal(set) var timestamp: Int64
        public internal(set) var lastPosition: Int64

        public var values: [SQLValue] {
            [
                .text(eventID), .text(runID), .of(sessionID), .text(name), .of(kind), .of(triggered), .of(outputInfo),
                .of(spanID), .integer(timestamp), .integer(lastPosition),
            ]
        }
    }
}
