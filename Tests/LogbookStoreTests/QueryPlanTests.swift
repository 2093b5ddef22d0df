import GRDB
@testable import LogbookStore
import Testing

/// Each query of the read models, as built for its filters, is planned with an index: a
/// filtered query SEARCHes an index (no SCAN of a table), and a list is read in the order of
/// that index (no temporary B-tree to sort it), so a page costs its rows, not the table's.
@Suite("The read-model queries use their indexes")
struct QueryPlanTests {
    /// How a plan may read its rows.
    enum Reading {
        /// Only SEARCHes of indexes or primary keys, nothing sorted.
        case search
        /// SEARCHes, and sorts of the few rows found (an aggregate ordered by its sums).
        case searchThenSort
        /// A walk of this index in order, stopping at the page's end, nothing sorted.
        case walk(String)
        /// A walk of this (partial) index, and a sort of the groups it sums.
        case walkThenSort(String)
    }

    static let tables: Set<String> = [
        "agent_runs", "sessions", "messages", "llm_interactions", "documents", "trace_steps", "run_logs", "s", "r", "m",
    ]

    /// What in `steps` breaks `reading`.
    static func problems(_ steps: [PlanStep], _ reading: Reading) -> [String] {
        steps.map(\.detail).filter { detail in
            if detail.contains("TEMP B-TREE") {
                switch reading {
                case .searchThenSort, .walkThenSort: return false
                case .search, .walk: return true
                }
            }
            guard detail.hasPrefix("SCAN ") else { return false }
            let table = String(detail.dropFirst(5).prefix { $0 != " " })
            guard tables.contains(table) else { return false }  // a scan of a CTE or subquery's few rows
            switch reading {
            case .walk(let index), .walkThenSort(let index): return !detail.hasSuffix("INDEX \(index)")
            case .search, .searchThenSort: return true
            }
        }
    }

    /// The steps under the first step whose detail is `root`, and it.
    static func subtree(_ steps: [PlanStep], under root: String) -> [PlanStep] {
        guard let top = steps.first(where: { $0.detail == root }) else { return [] }
        var ids: Set<Int> = [top.id]
        var found: [PlanStep] = [top]
        for step in steps where ids.contains(step.parent) {
            ids.insert(step.id)
            found.append(step)
        }
        return found
    }

    @Test("runs: by agent, by session, after a run (started or not), and all of them read off an index in order")
    func runs() async throws {
        let fixture = try await QueryFixture()
        let agent: String = try #require(try fixture.value("SELECT agent_name FROM agent_runs WHERE agent_name IS NOT NULL LIMIT 1"))
        let session: String = try #require(try fixture.value("SELECT session_id FROM agent_runs WHERE session_id IS NOT NULL LIMIT 1"))
        let started = RunAnchor(startedAt: 1_767_225_600_000, runID: "a")
        let pending = RunAnchor(startedAt: nil, runID: QueryFixture.pendingRun)
        let cases: [(String, QueryStatement, Reading)] = [
            ("agent", ReadModels.runsStatement(RunFilter(agent: agent), after: nil), .search),
            ("session", ReadModels.runsStatement(RunFilter(session: session), after: nil), .search),
            ("after a started run", ReadModels.runsStatement(RunFilter(), after: started), .search),
            ("after a run not started", ReadModels.runsStatement(RunFilter(), after: pending), .search),
            ("agent, after a run", ReadModels.runsStatement(RunFilter(agent: agent, limit: 5, offset: 2), after: started), .search),
            ("every run", ReadModels.runsStatement(RunFilter(), after: nil), .walk("agent_runs_by_start")),
        ]
        for (name, statement, reading) in cases {
            let plan = try fixture.plan(statement)
            #expect(Self.problems(plan, reading).isEmpty, "runs by \(name): \(plan)")
            if case .search = reading { #expect(plan.contains { $0.detail.hasPrefix("SEARCH") && $0.detail.contains("INDEX") }, "runs by \(name): \(plan)") }
        }
    }

    @Test("sessions: the page is a range of the user's or the activity index; other filters are checked along the walk")
    func sessions() async throws {
        let fixture = try await QueryFixture()
        let anchor = SessionAnchor(lastEventAt: 1_767_225_600_000, sessionID: "a")
        let cases: [(String, SessionFilter, SessionAnchor?, Reading)] = [
            ("user", SessionFilter(user: "u1"), nil, .search),
            ("user, after a session", SessionFilter(user: "u1"), anchor, .search),
            ("after a session", SessionFilter(), anchor, .search),
            ("from", SessionFilter(fromMs: 1_767_225_600_000), nil, .search),
            ("agent", SessionFilter(agent: "a"), nil, .walk("sessions_by_activity")),
            ("status", SessionFilter(status: .error), nil, .walk("sessions_by_activity")),
            ("text", SessionFilter(text: "needle"), nil, .walk("sessions_by_activity")),
            ("every session", SessionFilter(), nil, .walk("sessions_by_activity")),
        ]
        for (name, filter, anchor, reading) in cases {
            let plan = try fixture.plan(ReadModels.sessionsStatement(filter, after: anchor))
            let page = Self.subtree(plan, under: "MATERIALIZE page")
            #expect(!page.isEmpty, "sessions by \(name): \(plan)")
            #expect(Self.problems(page, reading).isEmpty, "sessions by \(name): the page \(page)")
            // The page's runs, messages and agents are looked up by session; only they are sorted.
            #expect(Self.problems(plan, .searchThenSort).filter { !$0.hasSuffix("INDEX sessions_by_activity") }.isEmpty, "sessions by \(name): \(plan)")
        }
    }

    @Test("documents, steps, logs, LLM usage, unpriced models and stats find their rows through an index; only sums are sorted")
    func byKey() async throws {
        let fixture = try await QueryFixture()
        let run: String = try #require(try fixture.value("SELECT run_id FROM llm_interactions LIMIT 1"))
        let cases: [(String, QueryStatement, Reading)] = [
            ("documents of a session", ReadModels.documentsStatement(session: "s"), .search),
            ("steps of a trace", ReadModels.stepsStatement(trace: run), .search),
            ("logs of a run", ReadModels.logsStatement(RunLogFilter(run: run)), .search),
            ("logs of a run from a level", ReadModels.logsStatement(RunLogFilter(run: run, level: .warn)), .search),
            ("LLM usage of a run", ReadModels.llmUsageStatement(LLMUsageFilter(by: .run, run: run)), .searchThenSort),
            ("LLM usage of a run by model", ReadModels.llmUsageStatement(LLMUsageFilter(by: .model, run: run)), .searchThenSort),
            ("unpriced models of a run", ReadModels.unpricedModelsStatement(run: run, limit: 50), .searchThenSort),
            ("unpriced models", ReadModels.unpricedModelsStatement(run: nil, limit: 50), .walkThenSort("llm_interactions_unpriced")),
            ("stats of an agent", ReadModels.statsStatement(agent: "a"), .search),
        ]
        for (name, statement, reading) in cases {
            let plan = try fixture.plan(statement)
            #expect(Self.problems(plan, reading).isEmpty, "\(name): \(plan)")
            switch reading {
            case .search, .searchThenSort: #expect(plan.contains { $0.detail.hasPrefix("SEARCH") }, "\(name): \(plan)")
            case .walk, .walkThenSort: break
            }
        }
    }
}
