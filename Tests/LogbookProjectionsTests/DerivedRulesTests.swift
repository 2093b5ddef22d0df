import Foundation
import GRDB
import LogbookCore
import LogbookProjections
import LogbookReplay
import LogbookTestSupport
import Testing

/// Events written by hand to reproduce what once crashed a projection or made it depend on
/// arrival order; each is projected in several orders, one event per batch.
struct HandEvents {
    let session = LogUUID.random()
    let trace = LogUUID.random()
    static let start: Int64 = 1_767_225_600_000

    func draft(
        _ type: String, at offset: Int64, _ payload: String, session: LogUUID?? = nil, agent: String? = "agent-1",
        user: String? = "user-1", trace: LogUUID? = nil
    ) -> EventDraft {
        EventDraft(
            eventType: type, sessionID: session ?? self.session, traceID: trace ?? self.trace, userID: user, agentID: agent,
            timestampMs: Self.start + offset, payload: Array(payload.utf8))
    }

    /// A store holding `events` appended one by one, projected after each.
    static func project(_ events: [EventDraft]) async throws -> ProjectionFixture {
        let fixture = try await ProjectionFixture([])
        for event in events {
            _ = try await fixture.log.append([event])
            try fixture.engine(batchSize: 1).catchUp()
        }
        return fixture
    }

    /// `events` in each order given by index lists, projected; the fixtures in that order.
    static func project(_ events: [EventDraft], orders: [[Int]]) async throws -> [ProjectionFixture] {
        var fixtures: [ProjectionFixture] = []
        for order in orders { fixtures.append(try await project(order.map { events[$0] })) }
        return fixtures
    }

    static func row(_ fixture: ProjectionFixture, _ sql: String) throws -> Row {
        try #require(try fixture.readOnly().read { try Row.fetchOne($0, sql: sql) })
    }
}

@Suite("What is derived does not crash and does not depend on arrival order")
struct DerivedRulesTests {
    static let positional: Set<String> = ["last_position", "session_seq"]

    @Test("token counts that would overflow and a huge cost are left out and flagged, never summed")
    func overflowingCountsAreFlagged() async throws {
        let hand = HandEvents()
        let huge = #"{"provider":"openai","model":"gpt-4o","prompt":"p","input_tokens":5000000000000000000,"output_tokens":10}"#
        let fixture = try await HandEvents.project([
            hand.draft("llm.interaction", at: 0, huge),
            hand.draft("llm.interaction", at: 1, huge),
            hand.draft("llm.interaction", at: 2, #"{"provider":"openai","model":"gpt-4o","prompt":"p","cost_usd":1e10}"#),
        ])
        let run = try HandEvents.row(fixture, "SELECT typeof(input_tokens) AS kind, input_tokens, output_tokens, cost_usd FROM agent_runs")
        #expect(run["kind"] == "integer")
        #expect(run["input_tokens"] == 0)
        #expect(run["output_tokens"] == 20)
        let sums = try HandEvents.row(fixture, """
            SELECT sum(input_tokens) AS input, count(usage_problems) AS flagged, max(usage_problems) AS problem
            FROM llm_interactions
            """)
        #expect(sums["input"] == 0)
        #expect(sums["flagged"] == 3)
        #expect((sums["problem"] as String?)?.contains("input_tokens 5000000000000000000 is not a token count") == true)
    }

    @Test("a run.started without agent_id or session_id keeps what other events of the run said, in any order")
    func runIdentityDoesNotDependOnOrder() async throws {
        let hand = HandEvents()
        let events = [
            hand.draft("run.started", at: 0, #"{"agent_name":"coder","objective":"fix"}"#, session: .some(nil), agent: nil),
            hand.draft("llm.interaction", at: 10, #"{"provider":"openai","model":"gpt-4o","prompt":"p"}"#, agent: "agent-7"),
            hand.draft("run.completed", at: 20, #"{"final_output":"ok"}"#, agent: "agent-9"),
        ]
        let fixtures = try await HandEvents.project(events, orders: [[0, 1, 2], [1, 0, 2], [2, 1, 0], [2, 0, 1]])
        for fixture in fixtures {
            let run = try HandEvents.row(fixture, "SELECT agent_id, session_id FROM agent_runs")
            #expect(run["agent_id"] == "agent-7")
            #expect(run["session_id"] == hand.session.description)
        }
        let dumps = try fixtures.map { try Tables.dumpAll($0.readOnly(), excluding: Self.positional) }
        #expect(dumps.allSatisfy { $0 == dumps[0] })
    }

    @Test("a session's user is the earliest event's that names one; ties of equal timestamps break by event id")
    func sessionsAndTiesDoNotDependOnOrder() async throws {
        let hand = HandEvents()
        let events = [
            hand.draft("message.added", at: 20, #"{"role":"user","content":"hi"}"#, user: "late"),
            hand.draft("message.added", at: 5, #"{"role":"user","content":"hello"}"#, user: "early"),
            hand.draft("message.added", at: 1, #"{"role":"user","content":"hey"}"#, user: nil),
            hand.draft("session.started", at: 0, #"{"title":"one"}"#, user: nil),
            hand.draft("session.started", at: 0, #"{"title":"two"}"#, user: nil),
            hand.draft("run.started", at: 30, #"{"agent_name":"a","objective":"x"}"#),
            hand.draft("run.started", at: 30, #"{"agent_name":"b","objective":"y"}"#),
            hand.draft("execution.started", at: 31, #"{"execution_id":"e1","input_data":"first"}"#),
            hand.draft("execution.started", at: 31, #"{"execution_id":"e1","input_data":"second"}"#),
            hand.draft("execution.completed", at: 40, #"{"execution_id":"e1","output_data":"done"}"#),
            hand.draft("execution.failed", at: 40, #"{"execution_id":"e1","error_message":"boom"}"#),
        ]
        let fixtures = try await HandEvents.project(events, orders: [Array(0..<11), Array((0..<11).reversed()), [4, 3, 6, 5, 10, 9, 8, 7, 2, 1, 0]])
        let user = try HandEvents.row(fixtures[0], "SELECT user_id FROM sessions")
        #expect(user["user_id"] == "early")
        let dumps = try fixtures.map { try Tables.dumpAll($0.readOnly(), excluding: Self.positional) }
        for table in Tables.all {
            #expect(dumps.allSatisfy { $0[table] == dumps[0][table] }, "table \(table)")
        }
    }

    @Test("the earliest terminal event by timestamp wins, in agent_runs, replay --session and replay --trace alike")
    func oneTerminalRule() async throws {
        let hand = HandEvents()
        let fixture = try await HandEvents.project([
            hand.draft("session.started", at: 500, #"{"title":"later title"}"#),
            hand.draft("session.started", at: 100, #"{"title":"first title"}"#),
            hand.draft("run.started", at: 1000, #"{"agent_name":"coder","objective":"fix"}"#),
            hand.draft("run.state_saved", at: 1900, #"{"state_type":"checkpoint","schema_version":1,"state_data":{"step":2}}"#),
            hand.draft("run.state_saved", at: 1700, #"{"state_type":"checkpoint","schema_version":1,"state_data":{"step":1}}"#),
            hand.draft("execution.started", at: 1100, #"{"execution_id":"e1"}"#),
            hand.draft("execution.failed", at: 1500, #"{"execution_id":"e1","error_message":"late failure"}"#),
            hand.draft("execution.completed", at: 1400, #"{"execution_id":"e1","output_data":"ok"}"#),
            hand.draft("run.failed", at: 2000, #"{"error_message":"gave up"}"#),
            hand.draft("run.completed", at: 1600, #"{"final_output":"done"}"#),
        ])
        let run = try HandEvents.row(fixture, "SELECT status, finished_at FROM agent_runs")
        #expect(run["status"] == "completed")
        #expect(run["finished_at"] == HandEvents.start + 1600)
        #expect(try HandEvents.row(fixture, "SELECT status FROM agent_executions")["status"] == "completed")
        #expect(try HandEvents.row(fixture, "SELECT title FROM sessions")["title"] == "first title")
        #expect(try HandEvents.row(fixture, "SELECT state_data FROM run_states")["state_data"] == #"{"step":2}"#)

        let context = try SessionReplayer(reader: fixture.log.reader).context(session: hand.session)
        #expect(context.runs.map(\.status) == [.completed])
        #expect(context.runs.first?.lastSavedState?.stateData == .object(["step": .int(2)]))
        #expect(context.executions.map(\.status) == [.completed])
        #expect(context.title == "first title")
        let waterfall = try TraceReplayer(reader: fixture.log.reader).waterfall(trace: hand.trace)
        #expect(waterfall.run?.status == .completed)
        #expect(waterfall.steps.first { $0.kind == .execution }?.status == "completed")
    }

    @Test("a tool result with error_message and no is_error, and an LLM call with only error_message, are errors everywhere")
    func oneErrorRule() async throws {
        let hand = HandEvents()
        let fixture = try await HandEvents.project([
            hand.draft("tool.called", at: 0, #"{"call_id":"c1","tool_name":"shell"}"#),
            hand.draft("tool.result", at: 5, #"{"call_id":"c1","output":"","error_message":"exit 1"}"#),
            hand.draft("llm.interaction", at: 10, #"{"provider":"openai","model":"gpt-4o","prompt":"p","error_message":"rate limited"}"#),
        ])
        let steps = try fixture.readOnly().read { try Row.fetchAll($0, sql: "SELECT step_type, is_error FROM trace_steps ORDER BY sequence_order") }
        #expect(steps.map { $0["is_error"] as Bool } == [false, true, true])
        let context = try SessionReplayer(reader: fixture.log.reader).context(session: hand.session)
        #expect(context.errors.map(\.kind) == [.toolError, .llmError])
        #expect(try HandEvents.row(fixture, "SELECT status FROM llm_interactions")["status"] == nil as String?)
    }

    @Test("a fractional latency is rounded, cached tokens above input are cut and flagged, unpriced calls are counted")
    func smallerItems() async throws {
        let hand = HandEvents()
        let fixture = try await HandEvents.project([
            hand.draft("llm.interaction", at: 0, #"{"provider":"openai","model":"gpt-4o","prompt":"p","latency_ms":12.5,"input_tokens":100,"cached_input_tokens":400,"output_tokens":1}"#),
            hand.draft("llm.interaction", at: 1, #"{"provider":"acme","model":"nobody-knows","prompt":"p","input_tokens":10}"#),
        ])
        let call = try HandEvents.row(fixture, "SELECT latency_ms, cached_input_tokens, usage_problems FROM llm_interactions WHERE model = 'gpt-4o'")
        #expect(call["latency_ms"] == 13)
        #expect(call["cached_input_tokens"] == 100)
        #expect((call["usage_problems"] as String?)?.contains("cached_input_tokens 400 exceeds input_tokens 100") == true)
        let run = try HandEvents.row(fixture, "SELECT llm_calls, unpriced_calls, cached_input_tokens FROM agent_runs")
        #expect(run["llm_calls"] == 2)
        #expect(run["unpriced_calls"] == 1)
        #expect(run["cached_input_tokens"] == 100)
    }

    @Test("projections of another log, or past this log's head, are refused")
    func foreignLogIsRefused() async throws {
        let hand = HandEvents()
        let original = try await HandEvents.project([hand.draft("message.added", at: 0, #"{"role":"user","content":"a"}"#)])
        let other = try await ProjectionFixture([hand.draft("message.added", at: 0, #"{"role":"user","content":"b"}"#)])
        try FileManager.default.copyItem(atPath: original.databasePath, toPath: other.databasePath)
        let error = #expect(throws: ProjectionError.self) { try other.engine().catchUp() }
        #expect(error?.code == .foreignLog)
        #expect(error?.message.contains("another log") == true)

        let empty = try await ProjectionFixture([])
        try FileManager.default.copyItem(atPath: original.databasePath, toPath: empty.databasePath)
        let behind = #expect(throws: ProjectionError.self) { try empty.engine().catchUp() }
        #expect(behind?.code == .foreignLog)
    }

    @Test("the price catalogue's version is part of the priced projectors' versions, so an update re-prices on rebuild")
    func pricesVersionTheProjectors() async throws {
        let cheap = try oneModelCatalogue(version: 7, inputPrice: 1)
        let dear = try oneModelCatalogue(version: 8, inputPrice: 2)
        for (make, name) in [({ LLMProjector(prices: $0) as any Projector }, "llm"), ({ RunsProjector(prices: $0) }, "runs"), ({ TraceStepsProjector(prices: $0) }, "trace_steps")] {
            #expect(make(cheap).version != make(dear).version, "\(name)")
        }
        let hand = HandEvents()
        let fixture = try await ProjectionFixture([hand.draft("llm.interaction", at: 0, #"{"provider":"acme","model":"m1","prompt":"p","input_tokens":1000000}"#)])
        try fixture.engine(projectors: [LLMProjector(prices: cheap)]).catchUp()
        #expect(try HandEvents.row(fixture, "SELECT cost_usd FROM llm_interactions")["cost_usd"] == 1.0)
        let summary = try fixture.engine(projectors: [LLMProjector(prices: dear)]).catchUp()
        #expect(summary.rebuilds.map(\.projectors) == [["llm"]])
        #expect(try HandEvents.row(fixture, "SELECT cost_usd FROM llm_interactions")["cost_usd"] == 2.0)
    }
}
