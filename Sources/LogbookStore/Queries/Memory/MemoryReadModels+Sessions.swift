import LogbookCore
import LogbookProjections

/// The session list (`ReadModels.sessions`).
extension MemoryReadModels {
    public func sessions(_ filter: SessionFilter = SessionFilter()) throws -> [SessionRow] {
        let rows = snapshot
        let anchor = try filter.after.map { id -> SessionAnchor in
            guard let session = rows.sessions[id.lowercased()] else {
                throw LogbookError(code: .notFound, message: "no session \(id) in the read models to page after")
            }
            return SessionAnchor(lastEventAt: session.lastEventAt, sessionID: session.sessionID)
        }
        var runsBySession: [String: [ReadModelRows.AgentRun]] = [:]
        for run in rows.agentRuns.values {
            if let session = run.sessionID { runsBySession[session, default: []].append(run) }
        }
        var messagesBySession: [String: [ReadModelRows.Message]] = [:]
        for message in rows.messages.values { messagesBySession[message.sessionID, default: []].append(message) }
        let text = filter.text.flatMap { $0.isEmpty ? nil : $0 }

        let matching = rows.sessions.values.filter { session in
            let runs = runsBySession[session.sessionID] ?? []
            if let anchor, !(session.lastEventAt < anchor.lastEventAt
                || (session.lastEventAt == anchor.lastEventAt && session.sessionID.sortsBefore(anchor.sessionID))) { return false }
            if let user = filter.user, session.userID != user { return false }
            if let agent = filter.agent, !runs.contains(where: { $0.agentName == agent || $0.agentID == agent }) { return false }
            if let status = filter.status, Self.status(of: runs) != status { return false }
            if let from = filter.fromMs, session.lastEventAt < from { return false }
            if let to = filter.toMs, (session.startedAt ?? session.lastEventAt) > to { return false }
            if let text {
                let found = [session.sessionID, session.title, session.userID].contains { $0.map { SQLiteLike.contains($0, text) } ?? false }
                    || (messagesBySession[session.sessionID] ?? []).contains { SQLiteLike.contains($0.text, text) }
                if !found { return false }
            }
            return true
        }
        let ordered = matching.sorted { a, b in
            a.lastEventAt != b.lastEventAt ? a.lastEventAt > b.lastEventAt : b.sessionID.sortsBefore(a.sessionID)
        }
        return page(ordered, limit: filter.limit, offset: filter.offset).map { session in
            // In the order of the by-session index: (started_at, run_id), NULL first.
            let runs = (runsBySession[session.sessionID] ?? []).sorted { a, b in
                ascending(a.startedAt, b.startedAt, <) ?? a.runID.sortsBefore(b.runID)
            }
            return SessionRow(
                sessionID: session.sessionID, userID: session.userID, title: session.title, startedAt: session.startedAt,
                lastEventAt: session.lastEventAt, eventCount: session.eventCount, clearedAt: session.clearedAt,
                messageCount: Int64(messagesBySession[session.sessionID]?.count ?? 0), runCount: Int64(runs.count),
                agents: Self.agents(of: runs), status: Self.status(of: runs), inputTokens: runs.reduce(0) { $0 + $1.inputTokens },
                outputTokens: runs.reduce(0) { $0 + $1.outputTokens }, costUSD: roundedSum(runs.map(\.costUSD)))
        }
    }

    /// `ReadModels.sessionStatus`.
    static func status(of runs: [ReadModelRows.AgentRun]) -> SessionRow.Status? {
        if runs.isEmpty { return nil }
        if runs.contains(where: { $0.status == "running" || $0.status == "pending" }) { return .running }
        if runs.contains(where: { $0.status == "error" }) { return .error }
        if runs.contains(where: { $0.status == "cancelled" }) { return .cancelled }
        return .completed
    }

    /// The runs' agents (name, else id), each once, by its first start (NULL first), then name; joined by ", ".
    static func agents(of runs: [ReadModelRows.AgentRun]) -> String? {
        var first: [String: Int64?] = [:]
        for run in runs {
            guard let agent = run.agentName ?? run.agentID else { continue }
            if let known = first[agent] {
                first[agent] = switch (known, run.startedAt) {
                case let (a?, b?): min(a, b)
                case let (a, b): a ?? b
                }
            } else {
                first[agent] = run.startedAt
            }
        }
        guard !first.isEmpty else { return nil }
        return first.sorted { a, b in ascending(a.value, b.value, <) ?? a.key.sortsBefore(b.key) }.map(\.key).joined(separator: ", ")
    }
}
