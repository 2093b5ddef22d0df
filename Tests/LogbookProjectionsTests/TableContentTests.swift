import Foundation
import GRDB
import LogbookProjections
import LogbookTestSupport
import Testing

@Suite("Each table of a generated workload, against expectations computed from its JSONL")
struct TableContentTests {
    static let sessions = 40
    static let seed: UInt64 = 11

    let expected: WorkloadExpectation
    let db: DatabaseQueue
    let fixture: ProjectionFixture

    init() async throws {
        let lines = Workload.lines(sessions: Self.sessions, seed: Self.seed)
        expected = WorkloadExpectation(lines: lines)
        fixture = try await ProjectionFixture(Workload.drafts(sessions: Self.sessions, seed: Self.seed))
        let summary = try fixture.engine(batchSize: 97).catchUp()
        #expect(summary.head == UInt64(lines.count))
        db = try fixture.readOnly()
    }

    @Test func agentRuns() async throws {
        let rows = try db.read { try Row.fetchAll($0, sql: "SELECT * FROM agent_runs") }
        #expect(rows.count == expected.runs.count)
        #expect(expected.runs.values.contains { $0.status == "error" } && expected.runs.values.contains { $0.status == "completed" })
        for row in rows {
            let id: String = row["run_id"]
            let run = try #require(expected.runs[id], "unexpected run \(id)")
            #expect(row["status"] == run.status, "run \(id)")
            #expect(row["agent_name"] as String? == run.agentName)
            #expect(row["llm_calls"] == run.llmCalls)
            #expect(row["input_tokens"] == run.inputTokens)
            #expect(row["cached_input_tokens"] == run.cachedInputTokens)
            #expect(row["output_tokens"] == run.outputTokens)
            #expect(row["reasoning_tokens"] == run.reasoningTokens)
            #expect(row["total_iterations"] as Int? == run.totalIterations)
            let cost: Double? = row["cost_usd"]
            #expect((cost == nil) == (run.cost == nil))
            if let cost, let want = run.cost { #expect(abs(cost - want) < 1e-8, "run \(id) cost \(cost) != \(want)") }
        }
    }

    @Test func llmInteractionsAndCosts() async throws {
        let rows = try db.read { try Row.fetchAll($0, sql: "SELECT event_id, cost_usd, cost_source FROM llm_interactions") }
        #expect(rows.count == expected.calls.count)
        var sources: [String: Int] = [:]
        for row in rows {
            let id: String = row["event_id"]
            let call = try #require(expected.calls[id])
            #expect(row["cost_source"] == call.source)
            sources[call.source, default: 0] += 1
            let cost: Double? = row["cost_usd"]
            if let cost, let want = call.cost { #expect(abs(cost - want) < 1e-9) } else { #expect(cost == nil && call.cost == nil) }
        }
        #expect((sources["client"] ?? 0) > 0 && (sources["catalogue"] ?? 0) > 0)
    }

    @Test func sessionsMessagesAndDocuments() async throws {
        let sessions = try db.read { try Row.fetchAll($0, sql: "SELECT * FROM sessions") }
        #expect(sessions.count == expected.sessions.count)
        for row in sessions {
            let id: String = row["session_id"]
            let session = try #require(expected.sessions[id])
            #expect(row["event_count"] == session.eventCount)
            #expect(row["title"] as String? == session.title)
            #expect(row["started_at"] as Int64? == session.startedAt)
            let messages = try await db.read {
                try String.fetchAll($0, sql: "SELECT event_id FROM messages WHERE session_id = ? ORDER BY session_seq", arguments: [id])
            }
            #expect(messages == session.messageIDs)
            let documents = try await db.read {
                try Int.fetchOne($0, sql: "SELECT count(*) FROM documents WHERE session_id = ?", arguments: [id])
            }
            #expect(documents == session.documents)
        }
    }

    @Test func traceStepsInOrder() async throws {
        let traces = try await db.read { try String.fetchAll($0, sql: "SELECT DISTINCT trace_id FROM trace_steps") }
        #expect(Set(traces) == Set(expected.steps.keys))
        for trace in traces {
            let rows = try db.read {
                try Row.fetchAll($0, sql: "SELECT event_id, sequence_order, step_type, step_name FROM trace_steps WHERE trace_id = ? ORDER BY sequence_order", arguments: [trace])
            }
            #expect(rows.map { $0["event_id"] as String } == expected.steps[trace]!.map(\.id))
            #expect(rows.map { $0["sequence_order"] as Int } == Array(1...rows.count))
            for row in rows where row["step_type"] == "tool_result" { #expect(row["step_name"] as String? != nil) }
        }
    }

    @Test func executionsStatesAndAgents() async throws {
        let executions = try db.read { try Row.fetchAll($0, sql: "SELECT execution_id, status FROM agent_executions") }
        #expect(executions.count == expected.executions.count)
        for row in executions { #expect(row["status"] == expected.executions[row["execution_id"] as String]) }
        let states = try db.read { try Row.fetchAll($0, sql: "SELECT run_id, state_type, event_id FROM run_states") }
        #expect(states.count == expected.states.count)
        for row in states {
            let want = try #require(expected.states[row["run_id"] as String])
            #expect(row["event_id"] == want.id)
            #expect(row["state_type"] == want.type)
        }
        let agents = try await db.read { try String.fetchAll($0, sql: "SELECT name FROM agents") }
        #expect(Set(agents) == expected.agents)
    }
}
