import Foundation
import GRDB
import LogbookCore
import LogbookProjections
import LogbookReplay
import Testing

@Suite("Removals, handoffs, guardrails, interruptions, MCP listings, spans, run logs and deleted runs")
struct NewEventTypesTests {
    static let positional: Set<String> = ["last_position", "session_seq"]

    @Test("a removed message leaves the messages table and the replayed conversation, whichever arrives first")
    func removedMessages() async throws {
        let hand = HandEvents()
        let first = hand.draft("message.added", at: 0, #"{"role":"user","content":"first"}"#)
        let second = hand.draft("message.added", at: 1, #"{"role":"assistant","content":"second"}"#)
        let removal = hand.draft("message.removed", at: 2, #"{"event_id":"\#(first.id.description.uppercased())","reason":"pop_item"}"#)
        let fixtures = try await HandEvents.project([first, second, removal], orders: [[0, 1, 2], [2, 0, 1]])
        for fixture in fixtures {
            let texts = try await fixture.readOnly().read { try String.fetchAll($0, sql: "SELECT text FROM messages") }
            #expect(texts == ["second"])
            let context = try SessionReplayer(reader: fixture.log.reader).context(session: hand.session)
            #expect(context.messages.map { $0.content } == [.string("second")])
        }
        let dumps = try fixtures.map { try Tables.dumpAll($0.readOnly(), excluding: Self.positional) }
        #expect(dumps[0] == dumps[1])
    }

    @Test("handoffs, guardrails, interruptions, MCP listings and run logs get their tables, in any order")
    func activityTables() async throws {
        let hand = HandEvents()
        let events = [
            hand.draft("handoff.occurred", at: 0, #"{"from_agent":"Triage","to_agent":"Expert","span_id":"s1"}"#),
            hand.draft("guardrail.evaluated", at: 1, #"{"name":"no_secrets","kind":"input","triggered":true,"output_info":{"why":"key"}}"#),
            hand.draft("interruption.requested", at: 2, #"{"call_id":"c7","tool_name":"refund","arguments":{"order":"A-17"},"agent_name":"Support"}"#),
            hand.draft("interruption.resolved", at: 3, #"{"call_id":"c7","decision":"rejected","reason":"too large"}"#),
            hand.draft("interruption.resolved", at: 4, #"{"call_id":"c7","decision":"approved"}"#),
            hand.draft("mcp.tools_listed", at: 5, #"{"server":"filesystem","tools":[{"name":"read_file"},{"name":"write_file"}]}"#),
            hand.draft("run.log", at: 6, #"{"level":"warn","message":"retrying after a 500","attributes":{"attempt":2},"severity_number":13}"#),
        ]
        let fixtures = try await HandEvents.project(events, orders: [Array(0..<7), [4, 3, 2, 6, 5, 1, 0]])
        let fixture = fixtures[0]
        #expect(try HandEvents.row(fixture, "SELECT to_agent FROM handoffs")["to_agent"] == "Expert")
        #expect(try HandEvents.row(fixture, "SELECT triggered FROM guardrail_results")["triggered"] == true)
        let interruption = try HandEvents.row(fixture, "SELECT tool_name, status, reason FROM interruptions")
        #expect(interruption["tool_name"] == "refund")
        #expect(interruption["status"] == "rejected")
        #expect(try HandEvents.row(fixture, "SELECT tool_count FROM mcp_tool_listings")["tool_count"] == 2)
        #expect(try HandEvents.row(fixture, "SELECT level, message FROM run_logs")["message"] == "retrying after a 500")
        let dumps = try fixtures.map { try Tables.dumpAll($0.readOnly(), excluding: Self.positional) }
        #expect(dumps[0] == dumps[1])
    }

    @Test("spans are steps in trace_steps and the waterfall; run logs are in the waterfall")
    func spansAndLogs() async throws {
        let hand = HandEvents()
        let start = HandEvents.start
        let fixture = try await HandEvents.project([
            hand.draft("run.started", at: 0, #"{"agent_name":"Triage","objective":"route"}"#),
            hand.draft("span.recorded", at: 50, #"{"name":"turn","kind":"turn","started_at_ms":\#(start + 10),"ended_at_ms":\#(start + 49),"status":"ok","attributes":{"turn":1}}"#),
            hand.draft("span.recorded", at: 60, #"{"name":"task","started_at_ms":\#(start + 51),"ended_at_ms":\#(start + 59),"error_message":"tripwire"}"#),
            hand.draft("run.log", at: 55, #"{"level":"info","message":"handing off to Expert"}"#),
            hand.draft("run.completed", at: 70, #"{}"#),
        ])
        let steps = try fixture.readOnly().read {
            try Row.fetchAll($0, sql: "SELECT step_type, step_name, latency_ms, is_error, timestamp FROM trace_steps ORDER BY sequence_order")
        }
        #expect(steps.map { $0["step_name"] as String? } == ["turn", "task"])
        #expect(steps.map { $0["latency_ms"] as Int64? } == [39, 8])
        #expect(steps.map { $0["is_error"] as Bool } == [false, true])
        #expect(steps.first?["timestamp"] == start + 10)
        let waterfall = try TraceReplayer(reader: fixture.log.reader).waterfall(trace: hand.trace)
        #expect(waterfall.steps.map(\.kind) == [.span, .log, .span])
        #expect(waterfall.steps[0].durationMs == 39)
        #expect(waterfall.steps[2].status == "error")
        #expect(WaterfallRenderer().render(waterfall).contains("log info · handing off to Expert"))
    }

    @Test("a deleted run leaves every read model, in any order, and the log keeps it")
    func deletedRuns() async throws {
        let hand = HandEvents()
        let other = LogUUID.random()
        let events = [
            hand.draft("run.started", at: 0, #"{"agent_name":"coder","objective":"fix"}"#),
            hand.draft("execution.started", at: 1, #"{"execution_id":"e1"}"#),
            hand.draft("llm.interaction", at: 2, #"{"provider":"openai","model":"gpt-4.1","prompt":"p","input_tokens":10}"#),
            hand.draft("tool.called", at: 3, #"{"call_id":"c1","tool_name":"shell"}"#),
            hand.draft("document.retrieved", at: 4, #"{"title":"t","content":"c"}"#),
            hand.draft("run.state_saved", at: 5, #"{"state_type":"checkpoint","schema_version":1,"state_data":{}}"#),
            hand.draft("handoff.occurred", at: 6, #"{"to_agent":"Expert"}"#),
            hand.draft("run.log", at: 7, #"{"level":"info","message":"m"}"#),
            hand.draft("span.recorded", at: 8, #"{"name":"turn"}"#),
            hand.draft("run.deleted", at: 9, #"{"reason":"forget me"}"#),
            hand.draft("llm.interaction", at: 10, #"{"provider":"openai","model":"gpt-4.1","prompt":"p"}"#, trace: other),
        ]
        let fixtures = try await HandEvents.project(events, orders: [Array(0..<11), [9, 10, 0, 1, 2, 3, 4, 5, 6, 7, 8], [3, 9, 10, 8, 7, 6, 5, 4, 2, 1, 0]])
        for fixture in fixtures {
            let db = try fixture.readOnly()
            for (table, column) in [("agent_runs", "run_id"), ("agent_executions", "run_id"), ("llm_interactions", "run_id"),
                                    ("trace_steps", "trace_id"), ("documents", "run_id"), ("run_states", "run_id"),
                                    ("handoffs", "run_id"), ("run_logs", "run_id")] {
                let rows = try await db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table) WHERE \(column) = ?", arguments: [hand.trace.description]) }
                #expect(rows == 0, "\(table) still holds the deleted run")
            }
            #expect(try HandEvents.row(fixture, "SELECT count(*) AS runs FROM agent_runs")["runs"] == 1)
            #expect(try HandEvents.row(fixture, "SELECT reason FROM deleted_runs")["reason"] == "forget me")
            #expect(try fixture.log.reader.events(trace: hand.trace).count == 10)
        }
        let dumps = try fixtures.map { try Tables.dumpAll($0.readOnly(), excluding: Self.positional) }
        #expect(dumps.allSatisfy { $0 == dumps[0] })
    }
}
