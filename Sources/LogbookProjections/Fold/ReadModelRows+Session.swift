extension ReadModelRows {
    /// One session (`sessions`).
    public struct Session: ReadModelRow {
        public static let table = "sessions"
        public static let columns = [
            "session_id", "user_id", "user_id_from", "title", "metadata", "started_at", "started_event_id",
            "last_event_at", "event_count", "cleared_at", "last_position",
        ]

        public internal(set) var sessionID: String
        public internal(set) var userID: String?
        /// The earliest event carrying `user_id`, written as `ProjectedEvent.orderKey`.
        public internal(set) var userIDFrom: EventKey?
        public internal(set) var title: String?
        public internal(set) var metadata: String?
        public internal(set) var startedAt: Int64?
        public internal(set) var startedEventID: String?
        public internal(set) var lastEventAt: Int64
        public internal(set) var eventCount: Int64
        public internal(set) var clearedAt: Int64?
        public internal(set) var lastPosition: Int64

        public var values: [SQLValue] {
            [
                .text(sessionID), .of(userID), .of(userIDFrom?.text), .of(title), .of(metadata), .of(startedAt),
                .of(startedEventID), .integer(lastEventAt), .integer(eventCount), .of(clearedAt),
                .integer(lastPosition),
            ]
        }
    }
}
