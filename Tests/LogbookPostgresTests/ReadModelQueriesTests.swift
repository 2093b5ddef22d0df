import Foundation
import LogbookCatalogue
import LogbookCore
import LogbookStore
import Testing

/// Every backend of `ReadModelQueries` answers every query as the SQLite read models do, for
/// the same events; and a few answers are checked against what the events say, so that
/// backends agreeing on a wrong answer do not pass.
@Suite("Read-model queries give the same answers on every backend")
struct ReadModelQueriesTests {
    @Test("every backend answers as SQLite does", arguments: QueryCase.all)
    func sameAnswers(_ query: QueryCase) async throws {
        let backends = try await OpenBackends.shared.value
        let (reference, referenceQueries) = backends[0]
        let want = try await query.ask(referenceQueries)
        for (backend, queries) in backends.dropFirst() {
            let got = try await query.ask(queries)
            #expect(got == want, "\(backend.name) differs from \(reference.name):\n\(got)\nagainst\n\(want)")
        }
    }

    @Test("the sessions come most recently active first, every session of the events once", arguments: QueryBackend.all.indices)
    func sessionsInActivityOrder(_ index: Int) async throws {
        let queries = try await OpenBackends.shared.value[index].1
        let drafts = try await QueryCorpus.shared.value.drafts
        var lastEvent: [String: Int64] = [:]
        for draft in drafts {
            guard let session = draft.sessionID?.description else { continue }
            lastEvent[session] = max(lastEvent[session] ?? .min, draft.timestampMs)
        }
        let want = lastEvent.sorted { ($0.value, $0.key) > ($1.value, $1.key) }.map(\.key)
        let got = try await queries.sessions(SessionFilter(limit: 100_000)).map(\.sessionID)
        #expect(got == want)
        #expect(want.count > 60)
    }

    @Test("a run's log lines: time order, then the log's order; levels from one up; attributes as compact JSON",
          arguments: QueryBackend.all.indices)
    func logLines(_ index: Int) async throws {
        let queries = try await OpenBackends.shared.value[index].1
        let lines = try await queries.logs(RunLogFilter(run: QueryCorpus.loggedRun))
        #expect(lines.map(\.message) == ["warming up", "slow source", "same millisecond, logged later", "gave up"])
        #expect(lines[1].attributes == #"{"a":{"nested":[1,2.5,"x"]},"bb":true,"big":1e+20,"ratio":0.1,"zeta":1}"#)
        #expect(lines[1].spanID == "span-1")
        #expect(lines[0].attributes == nil)
        let warnings = try await queries.logs(RunLogFilter(run: QueryCorpus.loggedRun, level: .warn))
        #expect(warnings.map(\.level) == ["warn", "error"])
    }

    @Test("LLM usage by UTC day, by model, rounded to 1e-6, with unpriced calls", arguments: QueryBackend.all.indices)
    func llmUsage(_ index: Int) async throws {
        let queries = try await OpenBackends.shared.value[index].1
        let days = try await queries.llmUsage(LLMUsageFilter(by: .day, run: QueryCorpus.midnightRun))
        #expect(days.map(\.key) == ["2026-01-01", "2025-12-31"])
        // 0.0000004 rounds to 0 at six decimals; the unpriced day has no cost at all.
        #expect(days.map(\.costUSD) == [0, nil])
        #expect(days.map(\.unpricedCalls) == [0, 1])
        #expect(days.map(\.latencyMs) == [nil, 7])
        let models = try await queries.llmUsage(LLMUsageFilter(by: .model, run: QueryCorpus.loggedRun))
        #expect(models.map(\.key) == ["openai/gpt-4.1-mini"])
        #expect(models.map { [$0.calls, $0.inputTokens, $0.outputTokens, $0.unpricedCalls, $0.latencyMs] } == [[1, 1000, 10, 0, 12]])
        #expect(models.map(\.costUSD) == [0.123457])
        let unpriced = try await queries.unpricedModels(run: QueryCorpus.midnightRun, limit: 10)
        #expect(unpriced.map { "\($0.provider ?? "-")/\($0.model ?? "-") \($0.calls) \($0.inputTokens) \($0.outputTokens)" } == ["acme/house-7 1 5 1"])
    }

    @Test("an agent's runs and statistics, matched by name or by id", arguments: QueryBackend.all.indices)
    func agentRuns(_ index: Int) async throws {
        let queries = try await OpenBackends.shared.value[index].1
        let runs = try await queries.runs(RunFilter(agent: QueryCorpus.sharedAgent))
        #expect(runs.map(\.runID) == [QueryCorpus.loggedRun, QueryCorpus.midnightRun])
        let stats = try await queries.stats(agent: QueryCorpus.sharedAgent)
        #expect([stats.runs, stats.completed, stats.errors, stats.cancelled, stats.open] == [2, 0, 1, 0, 1])
        #expect([stats.llmCalls, stats.inputTokens, stats.outputTokens] == [3, 1012, 12])
        #expect(stats.avgIterations == 3 && stats.costUSD == 0.123457)
        let pending = try #require(try await queries.run(id: QueryCorpus.pendingRun))
        #expect(pending.startedAt == nil && pending.status == "pending" && pending.costUSD == nil)
        let all = try await queries.runs(RunFilter(limit: 100_000))
        let firstUnstarted = all.firstIndex { $0.startedAt == nil } ?? all.count
        #expect(all[firstUnstarted...].allSatisfy { $0.startedAt == nil })
        #expect(all.contains { $0.runID == QueryCorpus.pendingRun })
    }

    @Test("text sorts by its bytes, as SQLite sorts it", arguments: QueryBackend.all.indices)
    func byteOrder(_ index: Int) async throws {
        let queries = try await OpenBackends.shared.value[index].1
        let agents = try await queries.sessions(SessionFilter(text: QueryCorpus.agentsSession)).map(\.agents)
        #expect(agents == ["Zed, alpha"])
        let unpriced = try await queries.unpricedModels(run: nil, limit: 100).compactMap(\.provider)
        #expect(unpriced.firstIndex(of: "Zeta")! < unpriced.firstIndex(of: "alpha")!)
        let byAgent = try await queries.llmUsage(LLMUsageFilter(by: .agent, limit: 1_000)).compactMap(\.key)
        #expect(byAgent.firstIndex(of: "Zed")! < byAgent.firstIndex(of: "alpha")!)
    }

    @Test("text search escapes LIKE's wildcards and folds ASCII letters only", arguments: QueryBackend.all.indices)
    func textSearch(_ index: Int) async throws {
        let queries = try await OpenBackends.shared.value[index].1
        for text in ["50%", "OFF_SALE", "CAFé REPORT", "ÉTÉ", "back\\slash"] {
            let found = try await queries.sessions(SessionFilter(text: text)).map(\.sessionID)
            #expect(found == [QueryCorpus.textSession], "text \(text)")
        }
        for text in ["CAFÉ", "été", "50%_", "off%sale"] {
            #expect(try await queries.sessions(SessionFilter(text: text)).isEmpty, "text \(text)")
        }
        let session = try #require(try await queries.sessions(SessionFilter(text: "50%")).first)
        #expect(session.title == "50% off_sale: Café report" && session.userID == "user-Ünï")
        #expect(session.messageCount == 1 && session.runCount == 1 && session.agents == "Reporter" && session.status == .error)
        #expect(session.costUSD == 0.123457)
    }
}
