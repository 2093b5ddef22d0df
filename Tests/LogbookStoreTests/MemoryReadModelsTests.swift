import Foundation
import LogbookCatalogue
import LogbookCore
import LogbookProjections
@testable import LogbookStore
import LogbookTestSupport
import Logging
import Testing

/// `MemoryReadModels` answers every query, with every filter, as SQLite's `ReadModels` does,
/// over the SDK corpus and a generated workload.
@Suite("The read-model queries answered in memory equal SQLite's")
struct MemoryReadModelsTests {
    @Test("runs: every filter, keyset pages, offsets and limits")
    func runs() async throws {
        let both = try await BothBackends.shared()
        let all = try both.sqlite.runs(RunFilter(limit: -1))
        #expect(all.count > 20)
        try await both.same { try await $0.runs(RunFilter(limit: -1)) }
        for limit in [0, 1, 7, 20] {
            for offset in [-3, 0, 5, 1_000] {
                try await both.same { try await $0.runs(RunFilter(limit: limit, offset: offset)) }
            }
        }
        for run in all {
            try await both.same { try await $0.runs(RunFilter(after: run.runID, limit: 7)) }
            try await both.same { try await $0.runs(RunFilter(after: run.runID.uppercased(), limit: 3, offset: 2)) }
        }
        for agent in Set(all.flatMap { [$0.agentName, $0.agentID] }.compactMap { $0 }) + ["nobody"] {
            try await both.same { try await $0.runs(RunFilter(agent: agent, limit: -1)) }
            try await both.same { try await $0.runs(RunFilter(agent: agent, after: all[all.count / 2].runID, limit: 5)) }
        }
        for session in try both.sqlite.sessions(SessionFilter(limit: -1)).map(\.sessionID) {
            try await both.same { try await $0.runs(RunFilter(session: session.uppercased(), limit: -1)) }
        }
        await both.sameError { try await $0.runs(RunFilter(after: "no-such-run")) }
    }

    @Test("one run, every column; statistics over all runs and by agent")
    func runAndStats() async throws {
        let both = try await BothBackends.shared()
        let all = try both.sqlite.runs(RunFilter(limit: -1))
        for run in all {
            try await both.same { try await $0.run(id: run.runID.uppercased()) }
        }
        try await both.same { try await $0.run(id: "missing") }
        try await both.same { try await $0.stats(agent: nil) }
        for agent in Set(all.flatMap { [$0.agentName, $0.agentID] }.compactMap { $0 }) + ["nobody"] {
            try await both.same { try await $0.stats(agent: agent) }
        }
    }

    @Test("LLM usage by every grouping, of all calls and of one run; unpriced models")
    func llm() async throws {
        let both = try await BothBackends.shared()
        let runs = try both.sqlite.runs(RunFilter(limit: -1)).map(\.runID)
        for grouping in LLMUsageFilter.Grouping.allCases {
            for limit in [50, 3, -1] {
                try await both.same { try await $0.llmUsage(LLMUsageFilter(by: grouping, limit: limit)) }
            }
            for run in runs.prefix(12) + [runs.last!.uppercased(), "missing"] {
                try await both.same { try await $0.llmUsage(LLMUsageFilter(by: grouping, run: run)) }
            }
        }
        for limit in [50, 1] {
            try await both.same { try await $0.unpricedModels(run: nil, limit: limit) }
        }
        for run in runs {
            try await both.same { try await $0.unpricedModels(run: run, limit: 50) }
        }
    }

    @Test("sessions: every filter, text search with LIKE's wildcards, keyset pages, offsets")
    func sessions() async throws {
        let both = try await BothBackends.shared()
        let all = try both.sqlite.sessions(SessionFilter(limit: -1))
        #expect(all.count > 20)
        try await both.same { try await $0.sessions(SessionFilter(limit: -1)) }
        for offset in [-1, 0, 4, 500] {
            try await both.same { try await $0.sessions(SessionFilter(limit: 6, offset: offset)) }
        }
        for session in all {
            try await both.same { try await $0.sessions(SessionFilter(after: session.sessionID.uppercased(), limit: 5)) }
        }
        await both.sameError { try await $0.sessions(SessionFilter(after: "no-such-session")) }
        for user in Set(all.compactMap(\.userID)) + ["nobody"] {
            try await both.same { try await $0.sessions(SessionFilter(user: user, limit: -1)) }
        }
        let agents = try both.sqlite.runs(RunFilter(limit: -1)).flatMap { [$0.agentName, $0.agentID] }.compactMap { $0 }
        for agent in Set(agents) + ["nobody"] {
            try await both.same { try await $0.sessions(SessionFilter(agent: agent, limit: -1)) }
        }
        for status in SessionRow.Status.allCases {
            try await both.same { try await $0.sessions(SessionFilter(status: status, limit: -1)) }
        }
        let times = all.map(\.lastEventAt).sorted()
        for time in [times.first!, times[times.count / 2], times.last!] {
            try await both.same { try await $0.sessions(SessionFilter(fromMs: time, limit: -1)) }
            try await both.same { try await $0.sessions(SessionFilter(toMs: time, limit: -1)) }
        }
        var texts = ["", "%", "_", "\\", "a_b", "100%", "THE", "the", "é", "weather", "nothing-matches-this"]
        texts += all.compactMap(\.title).prefix(5).map { String($0.dropFirst(2).prefix(6)).uppercased() }
        texts += all.prefix(3).map { String($0.sessionID.prefix(8)).uppercased() }
        texts += all.compactMap(\.userID).prefix(2)
        for text in texts {
            try await both.same { try await $0.sessions(SessionFilter(text: text, limit: -1)) }
        }
    }

    @Test("documents of each session, steps of each trace, log lines of each run at each level")
    func traces() async throws {
        let both = try await BothBackends.shared()
        for session in try both.sqlite.sessions(SessionFilter(limit: -1)).map(\.sessionID) + ["missing"] {
            try await both.same { try await $0.documents(session: session.uppercased()) }
        }
        for run in try both.sqlite.runs(RunFilter(limit: -1)).map(\.runID) + ["missing"] {
            try await both.same { try await $0.steps(trace: run.uppercased()) }
            for level in [nil] + RunLogFilter.Level.allCases {
                try await both.same { try await $0.logs(RunLogFilter(run: run, level: level)) }
                try await both.same { try await $0.logs(RunLogFilter(run: run.uppercased(), level: level, limit: 2)) }
            }
        }
        try await both.same { try await $0.checkpoints() }
    }
}

/// One store of the SDK corpus and a generated workload, projected into SQLite, and the same
/// events folded in memory.
final class BothBackends: Sendable {
    let directory: TemporaryDirectory
    let sqlite: ReadModels
    let memory: MemoryReadModels

    private static let built = Task { try await BothBackends() }

    static func shared() async throws -> BothBackends {
        try await built.value
    }

    private init() async throws {
        directory = TemporaryDirectory("memory-queries")
        let store = directory.appending("store")
        var options = LogOptions()
        options.payloadCheck = EventCatalogue.problem
        options.durability = .none
        let log = try EventLog.open(directory: store, options: options, logger: Logger(label: "memory-query-tests"))
        defer { log.close() }
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sdk-corpus")
        var drafts: [EventDraft] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted() where file.hasSuffix(".jsonl") {
            let lines = try String(contentsOf: corpus.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
            for (index, line) in lines.enumerated() {
                drafts.append(try EventDraft.parse(
                    jsonLine: String(line), location: EventLocation(index: index, line: index + 1), defaultTimestampMs: 0))
            }
        }
        drafts += Workload.drafts(sessions: 40, seed: 11)
        drafts.append(EventDraft(
            eventType: EventType.llmInteraction, traceID: LogUUID("0b7e2c51-0000-4000-8000-00000000beef")!, agentID: "agent-pending",
            timestampMs: 1_767_225_600_000, payload: Array(#"{"provider":"acme","model":"house-7","prompt":"p","input_tokens":3}"#.utf8)))
        var start = 0
        while start < drafts.count {
            let end = min(drafts.count, start + 500)
            _ = try await log.append(Array(drafts[start..<end]))
            start = end
        }
        try ProjectionEngine(reader: log.reader, logger: Logger(label: "memory-query-tests")).catchUp()
        sqlite = try ReadModels(path: ProjectionEngine.databasePath(store: store))
        memory = MemoryReadModels(events: try log.reader.read())
    }

    /// The query gives the same answer from both.
    func same<Answer: Equatable>(
        _ query: (any ReadModelQueries) async throws -> Answer, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let want = try await query(sqlite)
        let got = try await query(memory)
        #expect(got == want, sourceLocation: sourceLocation)
    }

    /// The query fails alike in both.
    func sameError<Answer>(
        _ query: (any ReadModelQueries) async throws -> Answer, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        var errors: [String] = []
        for backend in [sqlite, memory] as [any ReadModelQueries] {
            do {
                _ = try await query(backend)
                errors.append("no error")
            } catch {
                errors.append("\(error)")
            }
        }
        #expect(errors[0] != "no error", sourceLocation: sourceLocation)
        #expect(errors[0] == errors[1], sourceLocation: sourceLocation)
    }
}
