extension ReadModelRows {
    /// One handoff (`handoffs`).
    public struct Handoff: ReadModelRow {
        public static let table = "handoffs"
        public static let columns = [
            "event_id", "run_id", "session_id", "from_agent", "to_agent", "span_id", "timestamp", "last_position",
        ]

        public internal(set) var eventID: String
        public internal(set) var runID: String
        public internal(set) var sessionID: String?
        public internal(set) var fromAgent: String?
        public internal(set) var toAgent: String
        public internal(set) var spanID: String?
        public internal(set) var timestamp: Int64
        public internal(set) var lastPosition: Int64

        public var values: [SQLValue] {
            [
                .text(eventID), .text(runID), .of(sessionID), .of(fromAgent), .text(toAgent), .of(spanID),
                .integer(timestamp), .integer(lastPosition),
            ]
        }
    }
}
