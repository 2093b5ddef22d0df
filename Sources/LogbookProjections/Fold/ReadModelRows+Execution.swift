extension ReadModelRows {
    /// One execution (`agent_executions`).
    public struct Execution: ReadModelRow {
        public static let table = "agent_executions"
        public static let columns = [
            "execution_id", "run_id", "status", "input_data", "output_data", "error_message", "started_at",
            "start_event_id", "finished_at", "end_event_id", "last_position",
        ]

        public internal(set) var executionID: String
        public internal(set) var runID: String
        public internal(set) var status: String
        public internal(set) var inputData: String?
        public internal(set) var outputData: String?
        public internal(set) var errorMessage: String?
        public internal(set) var startedAt: Int64?
        public internal(set) var startEventID: String?
        public internal(set) var finishedAt: Int64?
        public internal(set) var endEventID: String?
        public internal(set) var lastPosition: Int64

        public var values: [SQLValue] {
            [
                .text(executionID), .text(runID), .text(status), .of(inputData), .of(outputData), .of(errorMessage),
                .of(startedAt), .of(startEventID), .of(finishedAt), .of(endEventID), .integer(lastPosition),
            ]
        }
    }
}
