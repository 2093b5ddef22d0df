extension ReadModelRows {
    /// One `message.removed`, the earliest for its message (`message_removals`).
    public struct MessageRemoval: ReadModelRow {
        public static let table = "message_removals"
        public static let columns = [
            "removed_event_id", "session_id", "event_id", "reason", "timestamp", "last_position",
        ]

        public internal(set) var removedEventID: String
        public internal(set) var sessionID: String?
        public internal(set) var eventID: String
        public internal(set) var reason: String?
        public internal(set) var timestamp: Int64
        public internal(set) var lastPosition: Int64

        public var values: [SQLValue] {
            [
                .text(removedEventID), .of(sessionID), .text(eventID), .of(reason), .integer(timestamp),
                .integer(lastPosition),
            ]
        }
    }
}
