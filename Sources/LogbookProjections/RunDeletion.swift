import LogbookCatalogue

/// `run.deleted`, as every projector that holds rows of runs honours it: the tombstone goes
/// into `deleted_runs` (shared, in the live database and in a rebuild's shadow), the run's
/// rows are dropped from the projector's tables, and no event of the run adds rows after it,
/// whatever the order of arrival. The log keeps the run's events.
enum RunDeletion {
    /// Handles `event` for a projector whose `tables` hold rows of runs in `column`: true when
    /// the projector must not apply it (it is the tombstone, or its run is deleted).
    static func handled(_ event: ProjectedEvent, tables: [String], column: String = "run_id", in db: any ProjectionSQL) throws -> Bool {
        if event.type == EventType.runDeleted {
            try db.execute("""
                INSERT INTO deleted_runs (run_id, event_id, reason, deleted_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (run_id) DO UPDATE SET
                    event_id = excluded.event_id, reason = excluded.reason, deleted_at = excluded.deleted_at
                WHERE (excluded.deleted_at, excluded.event_id) < (deleted_runs.deleted_at, deleted_runs.event_id)
                """, [event.traceID, event.eventID, event.text("reason"), event.timestampMs])
            for table in tables {
                try db.execute("DELETE FROM \(table) WHERE \(column) = ?", [event.traceID])
            }
            return true
        }
        return try isDeleted(event.traceID, in: db)
    }

    static func isDeleted(_ run: String, in db: any ProjectionSQL) throws -> Bool {
        try db.exists("SELECT 1 FROM deleted_runs WHERE run_id = ?", [run])
    }
}
