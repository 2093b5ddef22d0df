extension ReadModelRows {
    /// One MCP server's tool listing (`mcp_tool_listings`).
    public struct MCPToolListing: ReadModelRow {
        public static let table = "mcp_tool_listings"
        public static let columns = [
            "event_id", "run_id", "session_id", "server", "tools", "tool_count", "timestamp", "last_position",
        ]

        public internal(set) var eventID: String
        public internal(set) var runID: String
        public internal(set) var sessionID: String?
        public internal(set) var server: String
        public internal(set) var tools: String
        public internal(set) var toolCount: Int64
        public internal(set) var timestamp: Int64
        public internal(set) var lastPosition: Int64

        public var values: [SQLValue] {
            [
                .text(eventID), .text(runID), .of(sessionID), .text(server), .text(tools), .integer(toolCount),
                .integer(timestamp), .integer(lastPosition),
            ]
        }
    }
}
