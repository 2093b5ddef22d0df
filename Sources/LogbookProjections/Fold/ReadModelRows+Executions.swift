import LogbookCatalogue

/// `agent_executions`, `documents`, `run_states` and `deleted_runs`.
extension ReadModelRows {
    /// An execution's start or end; of several, the earliest counts (`ExecutionsProjector`).
    mutating func execution(_ event: ProjectedEvent) {
        guard let id = event.string("execution_id") else { return }
        let key = EventKey(event)
        if event.type == EventType.executionStarted {
            if var row = executions[id] {
                guard row.startedAt == nil || key < EventKey(timestampMs: row.startedAt!, eventID: row.startEventID!) else { return }
                row.runID = event.traceID
                row.inputData = event.text("input_data")
                row.startedAt = event.timestampMs
                row.startEventID = event.eventID
                row.lastPosition = max(row.lastPosition, event.position)
                executions[id] = row
            } else {
                executions[id] = Execution(
                    executionID: id, runID: event.traceID, status: "running", inputData: event.text("input_data"),
                    startedAt: event.timestampMs, startEventID: event.eventID, lastPosition: event.position)
            }
            return
        }
        let status = event.type == EventType.executionFailed ? "error" : "completed"
        if var row = executions[id] {
            guard row.finishedAt == nil || key < EventKey(timestampMs: row.finishedAt!, eventID: row.endEventID!) else { return }
            row.status = status
            row.outputData = event.text("output_data")
            row.errorMessage = event.text("error_message")
            row.finishedAt = event.timestampMs
            row.endEventID = event.eventID
            row.lastPosition = max(row.lastPosition, event.position)
            executions[id] = row
        } else {
            executions[id] = Execution(
                executionID: id, runID: event.traceID, status: status, outputData: event.text("output_data"),
                errorMessage: event.text("error_message"), finishedAt: event.timestampMs, endEventID: event.eventID,
                lastPosition: event.position)
        }
    }

    mutating func document(_ event: ProjectedEvent) {
        guard documents[event.traceID]?[event.eventID] == nil else { return }
        documents[event.traceID, default: [:]][event.eventID] = Document(
            eventID: event.eventID, sessionID: event.sessionID, runID: event.traceID, title: event.text("title"),
            content: event.text("content"), contentType: event.string("content_type"), sourceURL: event.string("source_url"),
            metadata: event.json("metadata"), timestamp: event.timestampMs, lastPosition: event.position)
    }

    /// The newest saved state of a run (`RunStatesProjector`).
    mutating func runState(_ event: ProjectedEvent) {
        guard let stateType = event.string("state_type") else { return }
        if let row = runStates[event.traceID], EventKey(event) <= EventKey(timestampMs: row.savedAt, eventID: row.eventID) { return }
        runStates[event.traceID] = RunState(
            runID: event.traceID, stateType: stateType, schemaVersion: event.int("schema_version"),
            stateData: event.json("state_data"), savedAt: event.timestampMs, eventID: event.eventID, lastPosition: event.position)
    }

    /// `run.deleted`: the earliest tombstone is kept, and every row of the run goes (`RunDeletion`).
    mutating func delete(_ event: ProjectedEvent) {
        let run = event.traceID
        if deletedRuns[run].map({ EventKey(event) < EventKey(timestampMs: $0.deletedAt, eventID: $0.eventID) }) ?? true {
            deletedRuns[run] = DeletedRun(runID: run, eventID: event.eventID, reason: event.text("reason"), deletedAt: event.timestampMs)
        }
        agentRuns[run] = nil
        for (id, row) in executions where row.runID == run { executions[id] = nil }
        llmInteractions[run] = nil
        documents[run] = nil
        runStates[run] = nil
        traceSteps[run] = nil
        handoffs[run] = nil
        guardrailResults[run] = nil
        interruptions[run] = nil
        mcpToolListings[run] = nil
        runLogs[run] = nil
    }
}
