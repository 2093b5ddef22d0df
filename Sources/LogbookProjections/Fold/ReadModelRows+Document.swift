extension ReadModelRows {
    /// One retrieved document (`documents`).
    public struct Document: ReadModelRow {
        public static let table = "documents"
        public static let columns = [
            "event_id", "session_id", "run_id", "title", "content", "content_type", "source_url", "metadata",
            "timestamp", "last_position",
        ]

        public internal(set) var eventID: String
        public internal(set) var sessionID: String?
        public internal(set) var runID: String
        public internal(set) var title: String?
        public internal(set) var content: String?
        public internal(set) var contentType: String?
        public internal(set) var sourceURL: String?
        public internal(set) var metadata: String?
        public internal(set) var timestamp: Int64
        public internal(set) var lastPosition: Int64

        public var values: [SQLValue] {
            [
                .text(eventID), .of(sessionID), .text(runID), .of(title), .of(content), .of(contentType),
                .of(sourceURL), .of(metadata), .integer(timestamp), .integer(lastPosition),
            ]
        }
    }
}
