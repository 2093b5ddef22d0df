import LogbookCatalogue

/// `run_states`: the active saved state of each run: the newest run.state_saved (by
/// timestamp, then event id).
public struct RunStatesProjector: Projector {
    public let name = "run_states"
    public let version = 2
    public let schemaFile = "run_states"

    public init() {}

    public func apply(_ event: ProjectedEvent, to db: any ProjectionSQL) throws {
        guard event.type == EventType.runStateSaved || event.type == EventType.runDeleted,
              try !RunDeletion.handled(event, tables: ["run_states"], in: db),
              let stateType = event.string("state_type") else { return }
        try db.execute("""
            INSERT INTO run_states (run_id, state_type, schema_version, state_data, saved_at, event_id, last_position)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id) DO UPDATE SET
                state_type = excluded.state_type, schema_version = excluded.schema_version,
                state_data = excluded.state_data, saved_at = excluded.saved_at, event_id = excluded.event_id,
                last_position = excluded.last_position
            WHERE (excluded.saved_at, excluded.event_id) > (run_states.saved_at, run_states.event_id)
            """, [
                event.traceID, stateType, event.int("schema_version"), event.json("state_data"),
                event.timestampMs, event.eventID, event.position,
            ])
    }
}
