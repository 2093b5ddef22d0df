import LogbookProjections

/// A session's documents, a trace's steps, a run's log lines (`ReadModels.documents`, `steps`, `logs`).
extension MemoryReadModels {
    public func documents(session: String) -> [DocumentRow] {
        let session = session.lowercased()
        return snapshot.documents.values.flatMap(\.values)
            .filter { $0.sessionID == session }
            .sorted { $0.timestamp != $1.timestamp ? $0.timestamp < $1.timestamp : $0.eventID.sortsBefore($1.eventID) }
            .map {
                DocumentRow(
                    eventID: $0.eventID, runID: $0.runID, title: $0.title, contentType: $0.contentType, sourceURL: $0.sourceURL,
                    timestamp: $0.timestamp)
            }
    }

    public func steps(trace: String) -> [StepRow] {
        snapshot.steps(trace: trace.lowercased()).map {
            StepRow(
                step: $0.sequenceOrder, position: $0.lastPosition, stepType: $0.stepType, stepName: $0.stepName,
                latencyMs: $0.latencyMs, tokens: $0.tokens, costUSD: $0.costUSD, isError: $0.isError, timestamp: $0.timestamp,
                payload: $0.outputPayload ?? $0.inputPayload)
        }
    }

    public func logs(_ filter: RunLogFilter) -> [RunLogRow] {
        let levels = Set(RunLogFilter.Level.allCases.filter { candidate in filter.level.map { candidate >= $0 } ?? true }.map(\.rawValue))
        let lines = (snapshot.runLogs[filter.run.lowercased()] ?? [:]).values
            .filter { filter.level == nil || levels.contains($0.level) }
            .sorted { a, b in
                if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
                if a.lastPosition != b.lastPosition { return a.lastPosition < b.lastPosition }
                return a.eventID.sortsBefore(b.eventID)
            }
        return page(lines, limit: filter.limit).map {
            RunLogRow(timestamp: $0.timestamp, level: $0.level, message: $0.message, spanID: $0.spanID, attributes: $0.attributes, eventID: $0.eventID)
        }
    }
}
