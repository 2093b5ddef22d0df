import LogbookCatalogue
import LogbookCore

/// `sessions`, `agents`, `messages` and `message_removals`.
extension ReadModelRows {
    /// Every event of a session counts; `session.started` and `session.cleared` say more (`SessionsProjector`).
    mutating func session(_ event: ProjectedEvent) {
        guard let id = event.sessionID else { return }
        let key = EventKey(event)
        let user = event.event.userID
        var row: Session
        if var stored = sessions[id] {
            if let user, stored.userIDFrom.map({ key < $0 }) ?? true {
                stored.userID = user
                stored.userIDFrom = key
            }
            stored.lastEventAt = max(stored.lastEventAt, event.timestampMs)
            stored.eventCount += 1
            stored.lastPosition = max(stored.lastPosition, event.position)
            row = stored
        } else {
            row = Session(
                sessionID: id, userID: user, userIDFrom: user == nil ? nil : key, lastEventAt: event.timestampMs, eventCount: 1,
                lastPosition: event.position)
        }
        switch event.type {
        case EventType.sessionStarted:
            if row.startedAt == nil || EventKey(timestampMs: row.startedAt!, eventID: row.startedEventID!) > key {
                row.title = event.text("title")
                row.metadata = event.json("metadata")
                row.startedAt = event.timestampMs
                row.startedEventID = event.eventID
            }
        case EventType.sessionCleared:
            row.clearedAt = max(row.clearedAt ?? event.timestampMs, event.timestampMs)
        default:
            break
        }
        sessions[id] = row
    }

    /// The newest registration of an agent name (`AgentsProjector`).
    mutating func agent(_ event: ProjectedEvent) {
        guard let name = event.string("name") else { return }
        if let row = agents[name], EventKey(event) <= EventKey(timestampMs: row.registeredAt, eventID: row.eventID) { return }
        agents[name] = Agent(
            name: name, agentID: event.event.agentID, type: event.string("type"), description: event.text("description"),
            systemPrompt: event.text("system_prompt"), modelConfig: event.json("model_config"), tools: event.json("tools"),
            registeredAt: event.timestampMs, eventID: event.eventID, lastPosition: event.position)
    }

    /// A message, unless a removal named it first (`MessagesProjector`).
    mutating func message(_ event: ProjectedEvent) {
        guard let session = event.sessionID, messageRemovals[event.eventID] == nil, messages[event.eventID] == nil else { return }
        messages[event.eventID] = Message(
            eventID: event.eventID, sessionID: session, sessionSeq: Int64(event.event.sessionSeq), role: event.string("role"),
            itemType: event.string("type"), text: MessageText.of(.object(event.payload)), content: event.text("content"),
            name: event.string("name"), toolCallID: event.string("tool_call_id") ?? event.string("call_id"),
            toolCalls: event.json("tool_calls"), message: String(decoding: event.event.payload, as: UTF8.self),
            timestamp: event.timestampMs, lastPosition: event.position)
    }

    /// A removal: the earliest for its message is kept, and the message goes.
    mutating func messageRemoved(_ event: ProjectedEvent) {
        guard let named = event.string("event_id") else { return }
        let target = LogUUID(named)?.description ?? named.lowercased()
        if messageRemovals[target].map({ EventKey(event) < EventKey(timestampMs: $0.timestamp, eventID: $0.eventID) }) ?? true {
            messageRemovals[target] = MessageRemoval(
                removedEventID: target, sessionID: event.sessionID, eventID: event.eventID, reason: event.text("reason"),
                timestamp: event.timestampMs, lastPosition: event.position)
        }
        messages[target] = nil
    }
}
