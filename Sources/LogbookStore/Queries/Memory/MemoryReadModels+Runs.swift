import LogbookCore
import LogbookProjections

/// Runs: the list, one run, and statistics (`ReadModels.runs`, `run`, `stats`).
extension MemoryReadModels {
    public func runs(_ filter: RunFilter = RunFilter()) throws -> [RunListRow] {
        let rows = snapshot
        let anchor = try filter.after.map { id -> RunAnchor in
            guard let run = rows.agentRuns[id.lowercased()] else {
                throw LogbookError(code: .notFound, message: "no run \(id) in the read models to page after")
            }
            return RunAnchor(startedAt: run.startedAt, runID: run.runID)
        }
        let session = filter.session?.lowercased()
        let matching = rows.agentRuns.values.filter { run in
            if let agent = filter.agent, run.agentName != agent, run.agentID != agent { return false }
            if let session, run.sessionID != session { return false }
            guard let anchor else { return true }
            if let startedAt = anchor.startedAt {
                guard let runStart = run.startedAt else { return true }
                return runStart < startedAt || (runStart == startedAt && run.runID.sortsBefore(anchor.runID))
            }
            return run.startedAt == nil && run.runID.sortsBefore(anchor.runID)
        }
        // started_at DESC (NULL last), run_id DESC.
        let ordered = matching.sorted { a, b in
            ascending(b.startedAt, a.startedAt, <) ?? b.runID.sortsBefore(a.runID)
        }
        return page(ordered, limit: filter.limit, offset: filter.offset).map { run in
            RunListRow(
                runID: run.runID, agentID: run.agentID, agentName: run.agentName, status: run.status, startedAt: run.startedAt,
                finishedAt: run.finishedAt, totalIterations: run.totalIterations, llmCalls: run.llmCalls,
                inputTokens: run.inputTokens, outputTokens: run.outputTokens, costUSD: run.costUSD)
        }
    }

    public func run(id: String) -> AgentRunRow? {
        guard let run = snapshot.agentRuns[id.lowercased()] else { return nil }
        return AgentRunRow(
            runID: run.runID, agentID: run.agentID, agentName: run.agentName, objective: run.objective,
            additionalContext: run.additionalContext, sessionID: run.sessionID, startedAt: run.startedAt,
            finishedAt: run.finishedAt, totalIterations: run.totalIterations, finalSynthesisOutput: run.finalSynthesisOutput,
            status: run.status, errorMessage: run.errorMessage, metadata: run.metadata, inputTokens: run.inputTokens,
            cachedInputTokens: run.cachedInputTokens, outputTokens: run.outputTokens, reasoningTokens: run.reasoningTokens,
            costUSD: run.costUSD, llmCalls: run.llmCalls, latencyMs: run.latencyMs, lastPosition: run.lastPosition)
    }

    public func stats(agent: String? = nil) -> RunStatsRow {
        let runs = snapshot.agentRuns.values
            .filter { agent == nil || $0.agentName == agent || $0.agentID == agent }
            .sorted { $0.rowID < $1.rowID }
        let iterations = runs.compactMap(\.totalIterations)
        return RunStatsRow(
            runs: Int64(runs.count), completed: Int64(runs.count { $0.status == "completed" }),
            errors: Int64(runs.count { $0.status == "error" }), cancelled: Int64(runs.count { $0.status == "cancelled" }),
            open: Int64(runs.count { $0.status == "running" || $0.status == "pending" }),
            avgIterations: iterations.isEmpty
                ? nil : SQLiteRound.round(iterations.reduce(0.0) { $0 + Double($1) } / Double(iterations.count), places: 2),
            llmCalls: runs.reduce(0) { $0 + $1.llmCalls }, inputTokens: runs.reduce(0) { $0 + $1.inputTokens },
            outputTokens: runs.reduce(0) { $0 + $1.outputTokens }, costUSD: roundedSum(runs.map(\.costUSD)))
    }
}

/// `round(sum(x), 6)` over the values in the order SQLite visits them: NULL when every one is.
func roundedSum(_ values: [Double?]) -> Double? {
    var sum: Double?
    for case let value? in values { sum = (sum ?? 0) + value }
    return sum.map { SQLiteRound.round($0, places: 6) }
}
