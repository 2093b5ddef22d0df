extension ReadModelRows {
    /// One log line of a run (`run_logs`).
    public struct RunLog: ReadModelRow {
        public static let table = "run_logs"
        public static let columns = [
            "event_id", "run_id", "session_id", "level", "message", "attributes", "severity_number", "span_id",
            "timestamp", "last_position",
        ]

        public internal(set) var eventID: String
        public internal(set) var runID: String
        public internal(set) var sessionID: String?
        public internal(set) var level: String
        public internal(set) var message: String
        public internal(set) var attributes: String?
        public internal(set) var severityNumber: Int64?
        public internal(set) var spanID: String?
        public internal(set) var timestamp: Int64
        public internal(set) var lastPosition: Int64

        public var values: [SQLValue] {
            [
                .text(eventID), .text(runID), .of(sessionID), .text(level), .text(message), .of(attributes),
                .of(severityNumber), .of(spanID), .integer(timestamp), .integer(lastPosition),
            ]
        }
    }
}
