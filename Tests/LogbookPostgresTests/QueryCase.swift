import Foundation
import LogbookCatalogue
import LogbookCore
import LogbookJSON
import LogbookStore
import LogbookTestSupport
import Testing

/// One question asked of every backend, answered as JSON text (rows, or the error's code and
/// message), so answers compare whole and a difference prints readably.
struct QueryCase: Sendable, CustomTestStringConvertible {
    let name: String
    let ask: @Sendable (any ReadModelQueries) async throws -> String

    var testDescription: String { name }

    init(_ name: String, _ ask: @escaping @Sendable (any ReadModelQueries) async throws -> any Encodable) {
        self.name = name
        self.ask = { queries in
            do {
                return try Self.json(try await ask(queries))
            } catch let error as LogbookError {
                return "error \(error.code): \(error.message)"
            }
        }
    }

    static func json(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Every page of a list, by key: each page starts after the last row of the one before.
    static func pagesByKey<Row: Encodable & Sendable>(
        size: Int, _ page: @Sendable (_ after: String?, _ limit: Int) async throws -> [Row], key: (Row) -> String
    ) async throws -> [[Row]] {
        var pages: [[Row]] = []
        var after: String?
        while pages.count < 1_000 {
            let rows = try await page(after, size)
            pages.append(rows)
            guard rows.count == size, let last = rows.last else { break }
            after = key(last)
        }
        return pages
    }

    /// Every page of a list, by offset.
    static func pagesByOffset<Row: Encodable & Sendable>(
        size: Int, _ page: @Sendable (_ offset: Int, _ limit: Int) async throws -> [Row]
    ) async throws -> [[Row]] {
        var pages: [[Row]] = []
        while pages.count < 1_000 {
            let rows = try await page(pages.count * size, size)
            pages.append(rows)
            if rows.count < size { break }
        }
        return pages
    }
}

extension QueryCase {
    /// Every query with each of its filters, paging by key and by offset, limits, and ids that
    /// do not exist. Ids come from the corpus's events.
    static let all: [QueryCase] = {
        let drafts = (try? QueryCorpus.sdkCorpus()) ?? []
        let sdkTraces = Array(Set(drafts.map { $0.traceID.description })).sorted()
        let sdkSessions = Array(Set(drafts.compactMap { $0.sessionID?.description })).sorted()
        let workload = Workload.drafts(sessions: 60, seed: 23)
        let started = workload.filter { $0.eventType == EventType.runStarted }
        let agentName = started.compactMap { JSONValue.object(payload: $0.payload)?["agent_name"]?.string }.first ?? "none"
        let agentID = started.compactMap(\.agentID).first ?? "none"
        let workloadTraces = Array(Set(workload.map { $0.traceID.description })).sorted().prefix(4)
        let workloadSessions = Array(Set(workload.compactMap { $0.sessionID?.description })).sorted().prefix(4)
        let user = workload.compactMap(\.userID).first ?? "none"
        let documents = workload.filter { $0.eventType == EventType.documentRetrieved }
        let documentSessions = Array(Set(documents.compactMap { $0.sessionID?.description })).sorted().prefix(3)
        let unknown = "00000000-0000-4000-8000-000000000000"
        let c = QueryCorpus.self
        var cases: [QueryCase] = []

        // Runs.
        for (name, filter) in [
            ("every run", RunFilter(limit: 100_000)), ("the first page", RunFilter()), ("limit 5", RunFilter(limit: 5)),
            ("offset 3 limit 4", RunFilter(limit: 4, offset: 3)), ("an offset past the end", RunFilter(offset: 100_000)),
            ("limit 0", RunFilter(limit: 0)), ("no limit, a negative offset", RunFilter(limit: -1, offset: -3)),
            ("agent by name and by id", RunFilter(agent: c.sharedAgent)),
            ("agent by name", RunFilter(agent: agentName, limit: 100_000)), ("agent by id", RunFilter(agent: agentID, limit: 100_000)),
            ("an unknown agent", RunFilter(agent: "nobody")), ("one session, upper-case id", RunFilter(session: c.textSession.uppercased())),
            ("a workload session", RunFilter(session: workloadSessions.first)),
            ("after a run not started", RunFilter(after: c.pendingRun, limit: 100_000)),
            ("after the midnight run, offset 2", RunFilter(after: c.midnightRun, limit: 5, offset: 2)),
            ("after an unknown run", RunFilter(after: unknown)),
        ] {
            cases.append(QueryCase("runs: \(name)") { try await $0.runs(filter) })
        }
        cases.append(QueryCase("runs: pages of 7 by key") { queries in
            try await pagesByKey(size: 7, { try await queries.runs(RunFilter(after: $0, limit: $1)) }, key: \.runID)
        })
        cases.append(QueryCase("runs: pages of 7 by offset") { queries in
            try await pagesByOffset(size: 7) { try await queries.runs(RunFilter(limit: $1, offset: $0)) }
        })
        cases.append(QueryCase("runs: one agent's pages of 2 by key") { queries in
            try await pagesByKey(size: 2, { try await queries.runs(RunFilter(agent: agentName, after: $0, limit: $1)) }, key: \.runID)
        })

        // One run.
        for id in [c.loggedRun, c.pendingRun, c.midnightRun, c.loggedRun.uppercased(), unknown] + sdkTraces.prefix(4) + workloadTraces {
            cases.append(QueryCase("run \(id)") { try await $0.run(id: id) })
        }

        // LLM usage and unpriced models.
        for by in LLMUsageFilter.Grouping.allCases {
            for run in [nil, c.loggedRun, c.midnightRun, unknown] + sdkTraces.prefix(3).map(Optional.some) {
                for limit in [50, 2] {
                    cases.append(QueryCase("llm by \(by) run \(run ?? "any") limit \(limit)") {
                        try await $0.llmUsage(LLMUsageFilter(by: by, run: run, limit: limit))
                    })
                }
            }
        }
        for run in [nil, c.midnightRun, c.pendingRun.uppercased(), unknown] as [String?] {
            for limit in [50, 1] {
                cases.append(QueryCase("unpriced models run \(run ?? "any") limit \(limit)") { try await $0.unpricedModels(run: run, limit: limit) })
            }
        }

        // Statistics.
        for agent in [nil, c.sharedAgent, agentName, agentID, "agent-night", "nobody"] as [String?] {
            cases.append(QueryCase("stats agent \(agent ?? "any")") { try await $0.stats(agent: agent) })
        }

        // Sessions.
        let t = c.midnight
        for (name, filter) in [
            ("every session", SessionFilter(limit: 100_000)), ("no limit, a negative offset", SessionFilter(limit: -1, offset: -2)),
            ("the first page", SessionFilter()), ("limit 3 offset 2", SessionFilter(limit: 3, offset: 2)),
            ("user", SessionFilter(user: user, limit: 100_000)), ("crafted user", SessionFilter(user: "user-Ünï")),
            ("agent by name", SessionFilter(agent: agentName, limit: 100_000)), ("agent by id", SessionFilter(agent: agentID, limit: 100_000)),
            ("from", SessionFilter(fromMs: t + 3_600_000, limit: 100_000)), ("to", SessionFilter(toMs: t + 600_000, limit: 100_000)),
            ("from and to", SessionFilter(fromMs: t + 60_000, toMs: t + 1_200_000, limit: 100_000)),
            ("text 50%", SessionFilter(text: "50%")), ("text off_sale", SessionFilter(text: "off_sale")),
            ("text _ (a literal underscore)", SessionFilter(text: "_", limit: 100_000)), ("text backslash", SessionFilter(text: "\\")),
            ("text café", SessionFilter(text: "café")), ("text CAFÉ", SessionFilter(text: "CAFÉ")), ("text CAFé", SessionFilter(text: "CAFé")),
            ("text été", SessionFilter(text: "été")), ("text ÉTÉ", SessionFilter(text: "ÉTÉ")),
            ("text user-ü", SessionFilter(text: "USER-Ü")), ("text weather", SessionFilter(text: "weather", limit: 100_000)),
            ("text session id", SessionFilter(text: String(c.textSession.prefix(13)))),
            ("text nothing", SessionFilter(text: "zzz-none")), ("text empty", SessionFilter(text: "")),
            ("after the crafted session", SessionFilter(after: c.textSession, limit: 5)),
            ("after a session, user", SessionFilter(user: user, after: workloadSessions.first, limit: 100_000)),
            ("after an unknown session", SessionFilter(after: unknown)),
        ] {
            cases.append(QueryCase("sessions: \(name)") { try await $0.sessions(filter) })
        }
        for status in SessionRow.Status.allCases {
            cases.append(QueryCase("sessions: status \(status)") { try await $0.sessions(SessionFilter(status: status, limit: 100_000)) })
            cases.append(QueryCase("sessions: status \(status), agent, limit 2") {
                try await $0.sessions(SessionFilter(agent: agentName, status: status, limit: 2))
            })
        }
        cases.append(QueryCase("sessions: pages of 9 by key") { queries in
            try await pagesByKey(size: 9, { try await queries.sessions(SessionFilter(after: $0, limit: $1)) }, key: \.sessionID)
        })
        cases.append(QueryCase("sessions: pages of 9 by offset") { queries in
            try await pagesByOffset(size: 9) { try await queries.sessions(SessionFilter(limit: $1, offset: $0)) }
        })
        cases.append(QueryCase("sessions: one user's pages of 1 by key") { queries in
            try await pagesByKey(size: 1, { try await queries.sessions(SessionFilter(user: user, after: $0, limit: $1)) }, key: \.sessionID)
        })

        // Documents, steps, logs, checkpoints.
        for session in [c.textSession, c.textSession.uppercased(), unknown] + documentSessions + sdkSessions.prefix(2) {
            cases.append(QueryCase("documents of \(session)") { try await $0.documents(session: session) })
        }
        for trace in [c.loggedRun, unknown] + sdkTraces + workloadTraces {
            cases.append(QueryCase("steps of \(trace)") { try await $0.steps(trace: trace) })
        }
        for level in [nil] + RunLogFilter.Level.allCases.map(Optional.some) {
            for limit in [1000, 2] {
                cases.append(QueryCase("logs level \(level?.rawValue ?? "any") limit \(limit)") {
                    try await $0.logs(RunLogFilter(run: c.loggedRun, level: level, limit: limit))
                })
            }
        }
        cases.append(QueryCase("logs of an unknown run") { try await $0.logs(RunLogFilter(run: unknown)) })
        cases.append(QueryCase("checkpoints") { try await $0.checkpoints() })
        return cases
    }()
}
