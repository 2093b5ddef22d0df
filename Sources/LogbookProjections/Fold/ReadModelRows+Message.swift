extension ReadModelRows {
    /// One conversation message (`messages`).
    public struct Message: ReadModelRow {
        public static let table = "messages"
        public static let columns = [
            "event_id", "session_id", "session_seq", "role", "item_type", "text", "content", "name", "tool_call_id",
            "tool_calls", "message", "timestamp", "last_position",
        ]

        public internal(set) var eventID: String
        public internal(set) var sessionID: String
        public internal(set) var sessionSeq: Int64
        public internal(set) var role: String?
        public internal(set) var itemType: String?
        public internal(set) var text: String
        public internal(set) var content: String?
        public internal(set) var name: String?
        public internal(set) var toolCallID: String?
        public internal(set) var toolCalls: String?
        public internal(set) var message: String
        public internal(set) var timestamp: Int64
        public internal(set) var lastPosition: Int64

        public var values: [SQLValue] {
            [
                .text(eventID), .text(sessionID), .integer(sessionSeq), .of(role), .of(itemType), .text(text),
                .of(content), .of(name), .of(toolCallID), .of(toolCalls), .text(message), .integer(timestamp),
                .integer(lastPosition),
            ]
        }
    }
}
