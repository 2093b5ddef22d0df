import LogbookCatalogue

/// `handoffs`, `guardrail_results`, `interruptions`, `mcp_tool_listings` and `run_logs`, as
/// `ActivityProjector` folds them.
extension ReadModelRows {
    mutating func activity(_ event: ProjectedEvent) {
        let run = event.traceID
        let id = event.eventID
        switch event.type {
        case EventType.handoffOccurred:
            guard let to = event.string("to_agent"), handoffs[run]?[id] == nil else { return }
            handoffs[run, default: [:]][id] = Handoff(
                eventID: id, runID: run, sessionID: event.sessionID, fromAgent: event.string("from_agent"), toAgent: to,
                spanID: event.string("span_id"), timestamp: event.timestampMs, lastPosition: event.position)
        case EventType.guardrailEvaluated:
            guard let name = event.string("name"), let triggered = event.bool("triggered"), guardrailResults[run]?[id] == nil else { return }
            guardrailResults[run, default: [:]][id] = GuardrailResult(
                eventID: id, runID: run, sessionID: event.sessionID, name: name, kind: event.string("kind"), triggered: triggered,
                outputInfo: event.json("output_info"), spanID: event.string("span_id"), timestamp: event.timestampMs,
                lastPosition: event.position)
        case EventType.interruptionRequested:
            guard let call = event.string("call_id") else { return }
            var row = interruptions[run]?[call]
                ?? Interruption(runID: run, callID: call, sessionID: event.sessionID, status: "pending", lastPosition: event.position)
            row.sessionID = row.sessionID ?? event.sessionID
            row.toolName = event.string("tool_name")
            row.arguments = event.text("arguments")
            row.agentName = event.string("agent_name")
            row.requestedAt = event.timestampMs
            row.lastPosition = max(row.lastPosition, event.position)
            interruptions[run, default: [:]][call] = row
        case EventType.interruptionResolved:
            guard let call = event.string("call_id"), let decision = event.string("decision") else { return }
            var row = interruptions[run]?[call]
                ?? Interruption(runID: run, callID: call, sessionID: event.sessionID, status: decision, lastPosition: event.position)
            row.sessionID = row.sessionID ?? event.sessionID
            if row.resolvedAt == nil || EventKey(event) < EventKey(timestampMs: row.resolvedAt!, eventID: row.resolvedEventID!) {
                row.status = decision
                row.reason = event.text("reason")
                row.resolvedAt = event.timestampMs
                row.resolvedEventID = id
            }
            row.lastPosition = max(row.lastPosition, event.position)
            interruptions[run, default: [:]][call] = row
        case EventType.mcpToolsListed:
            guard let server = event.string("server"), let tools = event.payload["tools"]?.array, let json = event.json("tools"),
                  mcpToolListings[run]?[id] == nil else { return }
            mcpToolListings[run, default: [:]][id] = MCPToolListing(
                eventID: id, runID: run, sessionID: event.sessionID, server: server, tools: json, toolCount: Int64(tools.count),
                timestamp: event.timestampMs, lastPosition: event.position)
        case EventType.runLog:
            guard let level = event.string("level"), let message = event.string("message"), runLogs[run]?[id] == nil else { return }
            runLogs[run, default: [:]][id] = RunLog(
                eventID: id, runID: run, sessionID: event.sessionID, level: level, message: message,
                attributes: event.json("attributes"), severityNumber: event.int("severity_number"), spanID: event.string("span_id"),
                timestamp: event.timestampMs, lastPosition: event.position)
        default:
            break
        }
    }
}
