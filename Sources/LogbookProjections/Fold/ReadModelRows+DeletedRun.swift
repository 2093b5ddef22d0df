extension ReadModelRows {
    /// A run's tombstone, the earliest `run.deleted` (`deleted_runs`).
    public struct DeletedRun: ReadModelRow {
        public static let table = "deleted_runs"
        public static let columns = [
            "run_id", "event_id", "reason", "deleted_at",
        ]

        public internal(set) var runID: String
        public internal(set) var eventID: String
        public internal(set) var reason: String?
        public internal(set) var deletedAt: Int64

        public var values: [SQLValue] {
            [
                .text(runID), .text(eventID), .of(reason), .integer(deletedAt),
            ]
        }
    }
}
