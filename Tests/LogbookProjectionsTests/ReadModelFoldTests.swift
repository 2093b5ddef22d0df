import Foundation
import GRDB
import LogbookCatalogue
import LogbookCore
import LogbookProjections
import LogbookTestSupport
import LogbookWorkload
import Testing

/// The fold in memory (`ReadModelRows`) against the projectors in SQLite: the same events,
/// in the same arrival order and batches, give every table row for row, value for value.
@Suite("The read models folded in memory equal the projectors' tables")
struct ReadModelFoldTests {
    @Test("every SDK corpus fixture, as recorded and shuffled", arguments: try SDKCorpusFiles.names())
    func corpus(name: String) async throws {
        let drafts = try SDKCorpus.drafts(name)
        try await FoldComparison.check(drafts, label: name, batchSizes: [1_000, 7])
        for round in 0..<2 {
            let seed = UInt64.random(in: 0...UInt64.max)
            print("fold corpus \(name) round \(round): seed \(seed)")
            var rng = SplitMix64(seed: seed)
            try await FoldComparison.check(drafts.shuffled(using: &rng), label: "\(name) seed \(seed)", batchSizes: [13])
        }
    }

    @Test("a generated workload, some envelopes without agent or user, as generated and shuffled")
    func workload() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("fold workload: seed \(seed)")
        var rng = SplitMix64(seed: seed)
        var drafts = Workload.drafts(sessions: 12, seed: 21)
        for index in drafts.indices {
            if rng.next() % 3 == 0 { drafts[index].agentID = nil }
            if rng.next() % 3 == 0 { drafts[index].userID = nil }
        }
        try await FoldComparison.check(drafts, label: "workload", batchSizes: [1_000])
        try await FoldComparison.check(drafts.shuffled(using: &rng), label: "workload seed \(seed)", batchSizes: [64])
    }

    @Test("deletions, removals, duplicate starts and ends, sessions without a start, spans, in shuffled orders", arguments: [1, 3, 50])
    func edgeCases(batchSize: Int) async throws {
        let drafts = FoldEdgeCases.drafts()
        let rows = try await FoldComparison.check(drafts, label: "edge cases", batchSizes: [batchSize])
        // The cases are there to be compared: two tombstones, three removals, an interruption
        // resolved twice, a result named after its call, a pending run's cost and totals.
        #expect(rows.deletedRuns.count == 2)
        #expect(rows.messageRemovals.count == 3)
        #expect(rows.messages.count == 3)
        #expect(rows.interruptions.values.flatMap(\.values).map(\.status) == ["rejected"])
        #expect(rows.steps(trace: "a0000000-0000-4000-8000-000000000001").contains { $0.stepType == "tool_result" && $0.stepName == "search" })
        #expect(rows.agentRuns["b0000000-0000-4000-8000-000000000001"]?.agentID == "late-agent")
        #expect(rows.agentRuns["b0000000-0000-4000-8000-000000000001"]?.status == "cancelled")
        for round in 0..<3 {
            let seed = UInt64.random(in: 0...UInt64.max)
            print("fold edge cases batch \(batchSize) round \(round): seed \(seed)")
            var rng = SplitMix64(seed: seed)
            try await FoldComparison.check(drafts.shuffled(using: &rng), label: "edge cases seed \(seed)", batchSizes: [batchSize])
        }
    }

    @Test("the fold's tables hold the schema's columns, in its order")
    func columns() async throws {
        let fixture = try await ProjectionFixture([])
        try fixture.engine().catchUp()
        let db = try fixture.readOnly()
        for table in ReadModelRows.tables {
            let names = try await db.read { db in try db.columns(in: table).map(\.name) }
            #expect(ReadModelRows.columns(of: table) == names, "columns of \(table)")
        }
    }
}

enum SDKCorpusFiles {
    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: SDKCorpus.folder.path)
            .filter { $0.hasSuffix(".jsonl") }.map { String($0.dropLast(".jsonl".count)) }.sorted()
    }
}

/// Projects drafts with the engine and folds the log's events in memory, then compares.
enum FoldComparison {
    /// The primary key of each table, for `ORDER BY`.
    static let keys: [String: String] = [
        "agent_runs": "run_id", "agent_executions": "execution_id", "llm_interactions": "event_id", "documents": "event_id",
        "sessions": "session_id", "agents": "name", "trace_steps": "trace_id, timestamp, event_id", "messages": "event_id",
        "message_removals": "removed_event_id", "run_states": "run_id", "deleted_runs": "run_id", "handoffs": "event_id",
        "guardrail_results": "event_id", "interruptions": "run_id, call_id", "mcp_tool_listings": "event_id",
        "run_logs": "event_id",
    ]

    /// Returns the fold of the last batch size.
    @discardableResult
    static func check(_ drafts: [EventDraft], label: String, batchSizes: [Int]) async throws -> ReadModelRows {
        var last = ReadModelRows()
        for batchSize in batchSizes {
            let fixture = try await ProjectionFixture(drafts)
            try fixture.engine(batchSize: batchSize).catchUp()
            let want = try tables(fixture.readOnly())
            let events = try fixture.log.reader.read().map(ProjectedEvent.init)
            var rows = ReadModelRows()
            var start = 0
            while start < events.count {
                let end = min(events.count, start + batchSize)
                rows.apply(batch: events[start..<end])
                start = end
            }
            #expect(rows.position == Int64(events.count) - 1)
            for table in ReadModelRows.tables {
                let got = try #require(rows.rows(of: table))
                #expect(got.count == want[table]?.count, "\(label), batches of \(batchSize): \(table) has \(got.count) rows, SQLite \(want[table]?.count ?? 0)")
                for (index, (mine, theirs)) in zip(got, want[table] ?? []).enumerated() where mine != theirs {
                    Issue.record("\(label), batches of \(batchSize): \(table) row \(index) differs\n fold:   \(mine)\n sqlite: \(theirs)")
                    break
                }
            }
            last = rows
        }
        return last
    }

    static func tables(_ db: DatabaseQueue) throws -> [String: [[SQLValue]]] {
        try db.read { db in
            var result: [String: [[SQLValue]]] = [:]
            for table in ReadModelRows.tables {
                result[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(keys[table]!)").map { row in
                    row.databaseValues.map(sqlValue)
                }
            }
            return result
        }
    }

    static func sqlValue(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let real): .real(real)
        case .string(let text): .text(text)
        case .blob(let data): .text("blob \(data.count) bytes")
        }
    }
}

@Suite("SQLiteRound rounds as SQLite's round() does")
struct SQLiteRoundTests {
    @Test("random costs, sums of costs and exact halves, at 2, 6 and 9 places")
    func againstSQLite() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("SQLiteRound: seed \(seed)")
        var rng = SplitMix64(seed: seed)
        var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.0000025, 0.0000015, 0.0125, 1e-12, 123456.789, -0.0000005]
        for _ in 0..<3_000 {
            let nanos = Double(rng.next() % 50_000_000)
            values.append(nanos / 1e9)
            values.append(nanos / 1e9 + Double(rng.next() % 9_000_000) / 1e9)
            values.append((Double(rng.next() % 1_000_000) + 0.5) / 1e6)
            values.append(Double(rng.next() % 100_000) / 100 + 0.005)
            values.append(Double(bitPattern: rng.next() % 0x3FF0_0000_0000_0000))
        }
        let db = try DatabaseQueue()
        try db.read { db in
            for places in [2, 6, 9] {
                for value in values {
                    let want = try Double.fetchOne(db, sql: "SELECT round(?, ?)", arguments: [value, places])!
                    let got = SQLiteRound.round(value, places: places)
                    #expect(got.bitPattern == want.bitPattern, "round(\(value), \(places)): SQLite \(want), SQLiteRound \(got)")
                }
            }
        }
    }
}
