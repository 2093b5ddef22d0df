extension ReadModelRows {
    /// One agent name's newest registration (`agents`).
    public struct Agent: ReadModelRow {
        public static let table = "agents"
        public static let columns = [
            "name", "agent_id", "type", "description", "system_prompt", "model_config", "tools", "registered_at",
            "event_id", "last_position",
        ]

        public internal(set) var name: String
        public internal(set) var agentID: String?
        public internal(set) var type: String?
        public internal(set) var description: String?
        public internal(set) var systemPrompt: String?
        public internal(set) var modelConfig: String?
        public internal(set) var tools: String?
        public internal(set) var registeredAt: Int64
        public internal(set) var eventID: String
        public internal(set) var lastPosition: Int64

        public var values: [SQLValue] {
            [
                .text(name), .of(agentID), .of(type), .of(description), .of(systemPrompt), .of(modelConfig),
                .of(tools), .integer(registeredAt), .text(eventID), .integer(lastPosition),
            ]
        }
    }
}
