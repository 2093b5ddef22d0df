import LogbookCatalogue

/// `agent_executions`: an execution's start and end merged in any order; of several starts
/// or several endings the earliest by `(timestamp_ms, event id)` counts, as in replay.
public struct ExecutionsProjector: Projector {
    public let name = "executions"
    public let version = 3
    public let schemaFile = "executions"

    public init() {}

    public func apply(_ event: ProjectedEvent, to db: any ProjectionSQL) throws {
        guard event.type.hasPrefix("execution.") || event.type == EventType.runDeleted,
              try !RunDeletion.handled(event, tables: ["agent_executions"], in: db),
              let id = event.string("execution_id") else { return }
        switch event.type {
        case EventType.executionStarted:
            try db.execute("""
                INSERT INTO agent_executions (execution_id, run_id, status, input_data, started_at, start_event_id, last_position)
                VALUES (?, ?, 'running', ?, ?, ?, ?)
                ON CONFLICT (execution_id) DO UPDATE SET
                    run_id = excluded.run_id, input_data = excluded.input_data, started_at = excluded.started_at,
                    start_event_id = excluded.start_event_id,
                    last_position = max(agent_executions.last_position, excluded.last_position)
                WHERE agent_executions.started_at IS NULL
                    OR (excluded.started_at, excluded.start_event_id) < (agent_executions.started_at, agent_executions.start_event_id)
                """, [id, event.traceID, event.text("input_data"), event.timestampMs, event.eventID, event.position])
        case EventType.executionCompleted, EventType.executionFailed:
            try db.execute("""
                INSERT INTO agent_executions (execution_id, run_id, status, output_data, error_message, finished_at, end_event_id,
                    last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (execution_id) DO UPDATE SET
                    status = excluded.status, output_data = excluded.output_data,
                    error_message = excluded.error_message, finished_at = excluded.finished_at,
                    end_event_id = excluded.end_event_id,
                    last_position = max(agent_executions.last_position, excluded.last_position)
                WHERE agent_executions.finished_at IS NULL
                    OR (excluded.finished_at, excluded.end_event_id) < (agent_executions.finished_at, agent_executions.end_event_id)
                """, [
                    id, event.traceID, event.type == EventType.executionFailed ? "error" : "completed",
                    event.text("output_data"), event.text("error_message"), event.timestampMs, event.eventID, event.position,
                ])
        default:
            break
        }
    }
}
