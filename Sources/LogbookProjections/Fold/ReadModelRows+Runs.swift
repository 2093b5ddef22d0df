import LogbookCatalogue
import LogbookJSON

/// `agent_runs` and `llm_interactions`, as `RunsProjector` and `LLMProjector` merge them.
extension ReadModelRows {
    /// A run's start or end.
    mutating func run(_ event: ProjectedEvent) {
        let id = event.traceID
        var row = agentRuns[id] ?? AgentRun(id: id, rowID: rowID(), position: event.position)
        Self.mergeIdentity(&row, event)
        let key = EventKey(event)
        if event.type == EventType.runStarted {
            if row.startedAt == nil || key < EventKey(timestampMs: row.startedAt!, eventID: row.startEventID!) {
                var metadata: [String: JSONValue] = [:]
                for name in ["run_name", "system_prompt_snapshot", "model_config_snapshot", "tags", "environment"] {
                    if let value = event.payload[name] { metadata[name] = value }
                }
                row.agentName = event.string("agent_name")
                row.objective = event.text("objective")
                row.additionalContext = event.text("additional_context")
                row.metadata = metadata.isEmpty ? nil : JSONValue.object(metadata).compactJSON
                row.startedAt = event.timestampMs
                row.startEventID = event.eventID
            }
            if row.status == "pending" { row.status = "running" }
        } else if row.finishedAt == nil || key < EventKey(timestampMs: row.finishedAt!, eventID: row.endEventID!) {
            row.totalIterations = event.int("total_iterations")
            row.finalSynthesisOutput = event.text("final_output")
            row.status = switch event.type {
            case EventType.runCompleted: "completed"
            case EventType.runFailed: "error"
            default: "cancelled"
            }
            row.errorMessage = event.text("error_message")
            row.finishedAt = event.timestampMs
            row.endEventID = event.eventID
        }
        row.lastPosition = max(row.lastPosition, event.position)
        agentRuns[id] = row
    }

    /// An LLM call: its row, its run's totals and its trace step.
    mutating func llmInteraction(_ event: ProjectedEvent) {
        let usage = LLMUsage(event, prices: prices)
        let id = event.traceID
        let existing = agentRuns[id]
        var run = existing ?? AgentRun(id: id, rowID: rowID(), position: event.position)
        Self.mergeIdentity(&run, event)
        run.inputTokens += usage.inputTokens
        run.cachedInputTokens += usage.cachedInputTokens
        run.outputTokens += usage.outputTokens
        run.reasoningTokens += usage.reasoningTokens
        if existing == nil {
            run.costUSD = usage.costUSD
        } else if let cost = usage.costUSD {
            // The upsert rounds the sum with SQLite's round(), also onto an empty total.
            run.costUSD = SQLiteRound.round((run.costUSD ?? 0) + cost, places: 9)
        }
        run.llmCalls += 1
        run.unpricedCalls += usage.costUSD == nil ? 1 : 0
        run.latencyMs += usage.latencyMs ?? 0
        run.lastPosition = max(run.lastPosition, event.position)
        agentRuns[id] = run

        if llmInteractions[id]?[event.eventID] == nil {
            llmInteractions[id, default: [:]][event.eventID] = LLMInteraction(
                eventID: event.eventID, runID: id, sessionID: event.sessionID, agentID: event.event.agentID,
                provider: event.string("provider"), model: event.string("model"), prompt: event.text("prompt"),
                response: event.text("response"), inputParams: event.json("input_params"), inputTokens: usage.inputTokens,
                outputTokens: usage.outputTokens, cachedInputTokens: usage.cachedInputTokens,
                cacheWriteInputTokens: usage.cacheWriteInputTokens, reasoningTokens: usage.reasoningTokens,
                latencyMs: usage.latencyMs, status: event.string("status"), errorMessage: event.text("error_message"),
                costUSD: usage.costUSD, costSource: usage.costSource.rawValue, usageProblems: usage.problems,
                timestamp: event.timestampMs, lastPosition: event.position, rowID: rowID())
        }
        noteCall(event)
        traceStep(event, usage: usage)
    }

    /// `agent_id` and `session_id`: those of the earliest event that carries one (`EarliestValue`).
    private static func mergeIdentity(_ row: inout AgentRun, _ event: ProjectedEvent) {
        let key = EventKey(event)
        if let agent = event.event.agentID, row.agentIDFrom.map({ key < $0 }) ?? true {
            row.agentID = agent
            row.agentIDFrom = key
        }
        if let session = event.sessionID, row.sessionIDFrom.map({ key < $0 }) ?? true {
            row.sessionID = session
            row.sessionIDFrom = key
        }
    }
}

extension ReadModelRows.AgentRun {
    /// A run no event has filled in yet: SQLite's column defaults.
    init(id: String, rowID: Int64, position: Int64) {
        self.init(
            runID: id, status: "pending", inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0,
            llmCalls: 0, unpricedCalls: 0, latencyMs: 0, lastPosition: position, rowID: rowID)
    }
}
