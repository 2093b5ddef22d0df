extension ReadModelRows {
    /// A run's interruption for one call, request and resolution merged (`interruptions`).
    public struct Interruption: ReadModelRow {
        public static let table = "interruptions"
        public static let columns = [
            "run_id", "call_id", "session_id", "tool_name", "arguments", "agent_name", "requested_at", "status",
            "reason", "resolved_at", "resolved_event_id", "last_position",
        ]

        public internal(set) var runID: String
        public internal(set) var callID: String
        public internal(set) var sessionID: String?
        public internal(set) var toolName: String?
        public internal(set) var arguments: String?
        public internal(set) var agentName: String?
        public internal(set) var requestedAt: Int64?
        public internal(set) var status: String
        public internal(set) var reason: String?
        public internal(set) var resolvedAt: Int64?
        public internal(set) var resolvedEventID: String?
        public internal(set) var lastPosition: Int64

        public var values: [SQLValue] {
            [
                .text(runID), .text(callID), .of(sessionID), .of(toolName), .of(arguments), .of(agentName),
                .of(requestedAt), .text(status), .of(reason), .of(resolvedAt), .of(resolvedEventID),
                .integer(lastPosition),
            ]
        }
    }
}
