import LogbookCatalogue

/// `handoffs`, `guardrail_results`, `interruptions`, `mcp_tool_listings`, `run_logs`: what
/// agents did besides LLM and tool calls. An interruption's request and resolution merge in
/// any order; of several resolutions the earliest by `(timestamp_ms, event id)` counts. A
/// `run.deleted` drops the run's rows (`RunDeletion`).
public struct ActivityProjector: Projector {
    public let name = "activity"
    public let version = 1
    public let schemaFile = "activity"

    public init() {}

    private static let types: Set<String> = [
        EventType.handoffOccurred, EventType.guardrailEvaluated, EventType.interruptionRequested, EventType.interruptionResolved,
        EventType.mcpToolsListed, EventType.runLog, EventType.runDeleted,
    ]

    public func apply(_ event: ProjectedEvent, to db: any ProjectionSQL) throws {
        guard Self.types.contains(event.type),
              try !RunDeletion.handled(event, tables: ["handoffs", "guardrail_results", "interruptions", "mcp_tool_listings", "run_logs"], in: db)
        else { return }
        switch event.type {
        case EventType.handoffOccurred:
            guard let to = event.string("to_agent") else { return }
            try db.execute("""
                INSERT OR IGNORE INTO handoffs (event_id, run_id, session_id, from_agent, to_agent, span_id, timestamp, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [
                    event.eventID, event.traceID, event.sessionID, event.string("from_agent"), to, event.string("span_id"),
                    event.timestampMs, event.position,
                ])
        case EventType.guardrailEvaluated:
            guard let name = event.string("name"), let triggered = event.bool("triggered") else { return }
            try db.execute("""
                INSERT OR IGNORE INTO guardrail_results (event_id, run_id, session_id, name, kind, triggered, output_info, span_id,
                    timestamp, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [
                    event.eventID, event.traceID, event.sessionID, name, event.string("kind"), triggered, event.json("output_info"),
                    event.string("span_id"), event.timestampMs, event.position,
                ])
        case EventType.interruptionRequested:
            guard let call = event.string("call_id") else { return }
            try db.execute("""
                INSERT INTO interruptions (run_id, call_id, session_id, tool_name, arguments, agent_name, requested_at, status,
                    last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)
                ON CONFLICT (run_id, call_id) DO UPDATE SET
                    session_id = coalesce(interruptions.session_id, excluded.session_id), tool_name = excluded.tool_name,
                    arguments = excluded.arguments, agent_name = excluded.agent_name, requested_at = excluded.requested_at,
                    last_position = max(interruptions.last_position, excluded.last_position)
                """, [
                    event.traceID, call, event.sessionID, event.string("tool_name"), event.text("arguments"),
                    event.string("agent_name"), event.timestampMs, event.position,
                ])
        case EventType.interruptionResolved:
            guard let call = event.string("call_id"), let decision = event.string("decision") else { return }
            try db.execute("""
                INSERT INTO interruptions (run_id, call_id, session_id, status, reason, resolved_at, resolved_event_id, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, call_id) DO UPDATE SET
                    session_id = coalesce(interruptions.session_id, excluded.session_id),
                    status = CASE WHEN \(Self.resolutionWins) THEN excluded.status ELSE interruptions.status END,
                    reason = CASE WHEN \(Self.resolutionWins) THEN excluded.reason ELSE interruptions.reason END,
                    resolved_event_id = CASE WHEN \(Self.resolutionWins) THEN excluded.resolved_event_id ELSE interruptions.resolved_event_id END,
                    resolved_at = CASE WHEN \(Self.resolutionWins) THEN excluded.resolved_at ELSE interruptions.resolved_at END,
                    last_position = max(interruptions.last_position, excluded.last_position)
                """, [
                    event.traceID, call, event.sessionID, decision, event.text("reason"), event.timestampMs, event.eventID, event.position,
                ])
        case EventType.mcpToolsListed:
            guard let server = event.string("server"), let tools = event.payload["tools"]?.array else { return }
            try db.execute("""
                INSERT OR IGNORE INTO mcp_tool_listings (event_id, run_id, session_id, server, tools, tool_count, timestamp, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [
                    event.eventID, event.traceID, event.sessionID, server, event.json("tools"), tools.count, event.timestampMs,
                    event.position,
                ])
        case EventType.runLog:
            guard let level = event.string("level"), let message = event.string("message") else { return }
            try db.execute("""
                INSERT OR IGNORE INTO run_logs (event_id, run_id, session_id, level, message, attributes, severity_number, span_id,
                    timestamp, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [
                    event.eventID, event.traceID, event.sessionID, level, message, event.json("attributes"),
                    event.int("severity_number"), event.string("span_id"), event.timestampMs, event.position,
                ])
        default:
            break
        }
    }

    /// The new resolution is the earliest so far.
    private static let resolutionWins = """
        (interruptions.resolved_at IS NULL OR (excluded.resolved_at, excluded.resolved_event_id) < (interruptions.resolved_at, interruptions.resolved_event_id))
        """
}
