extension ReadModelRows {
    /// A run's newest saved state (`run_states`).
    public struct RunState: ReadModelRow {
        public static let table = "run_states"
        public static let columns = [
            "run_id", "state_type", "schema_version", "state_data", "saved_at", "event_id", "last_position",
        ]

        public internal(set) var runID: String
        public internal(set) var stateType: String
        public internal(set) var schemaVersion: Int64?
        public internal(set) var stateData: String?
        public internal(set) var savedAt: Int64
        public internal(set) var eventID: String
        public internal(set) var lastPosition: Int64

        public var values: [SQLValue] {
            [
                .text(runID), .text(stateType), .of(schemaVersion), .of(stateData), .integer(savedAt), .text(eventID),
                .integer(lastPosition),
            ]
        }
    }
}
