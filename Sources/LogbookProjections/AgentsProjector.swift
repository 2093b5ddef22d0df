import LogbookCatalogue

/// `agents`: the newest registration of each agent name (by timestamp, then event id).
public struct AgentsProjector: Projector {
    public let name = "agents"
    public let version = 1
    public let schemaFile = "agents"

    public init() {}

    public func apply(_ event: ProjectedEvent, to db: any ProjectionSQL) throws {
        guard event.type == EventType.agentRegistered, let name = event.string("name") else { return }
        try db.execute("""
            INSERT INTO agents (name, agent_id, type, description, system_prompt, model_config, tools,
                registered_at, event_id, last_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET
                agent_id = excluded.agent_id, type = excluded.type, description = excluded.description,
                system_prompt = excluded.system_prompt, model_config = excluded.model_config, tools = excluded.tools,
                registered_at = excluded.registered_at, event_id = excluded.event_id,
                last_position = excluded.last_position
            WHERE (excluded.registered_at, excluded.event_id) > (agents.registered_at, agents.event_id)
            """, [
                name, event.event.agentID, event.string("type"), event.text("description"),
                event.text("system_prompt"), event.json("model_config"), event.json("tools"),
                event.timestampMs, event.eventID, event.position,
            ])
    }
}
