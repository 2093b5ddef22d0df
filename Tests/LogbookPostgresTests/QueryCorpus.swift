import Foundation
import LogbookCatalogue
import LogbookCore
import LogbookProjections
import LogbookTestSupport

/// The events every backend of the read-model queries is asked about: the real SDK fixtures
/// (`Tests/Fixtures/sdk-corpus`), a generated multi-agent workload, and a few events made for
/// the cases where the engines differ (NULL start, unpriced model, LIKE wildcards and non-ASCII
/// case in text, a call at a UTC midnight, log lines with nested attributes). Appended to one
/// log, which each backend then projects.
final class QueryCorpus: Sendable {
    let drafts: [EventDraft]
    private let fixture: StoreFixture
    var store: String { fixture.store }
    var log: EventLog { fixture.log }

    /// Built once for every test of the suite: projecting into each backend is the slow part.
    static let shared = Task { try await QueryCorpus() }

    private init() async throws {
        var drafts = try Self.sdkCorpus()
        drafts += Workload.drafts(sessions: 60, seed: 23)
        drafts += Self.crafted()
        self.drafts = drafts
        fixture = try await StoreFixture(drafts)
    }

    static let sdkFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/sdk-corpus")

    static func sdkCorpus() throws -> [EventDraft] {
        var drafts: [EventDraft] = []
        let files = try FileManager.default.contentsOfDirectory(atPath: sdkFolder.path).filter { $0.hasSuffix(".jsonl") }.sorted()
        for file in files {
            let text = try String(contentsOf: sdkFolder.appendingPathComponent(file), encoding: .utf8)
            for (index, line) in text.split(separator: "\n").enumerated() {
                let location = EventLocation(index: index, line: index + 1)
                drafts.append(try EventDraft.parse(jsonLine: String(line), location: location, defaultTimestampMs: 0))
            }
        }
        return drafts
    }

    // The crafted events' ids, sessions, runs and agents.
    static let textSession = "c0ffee00-0000-4000-8000-000000000001"
    static let agentsSession = "c0ffee00-0000-4000-8000-000000000002"
    static let loggedRun = "c0ffee00-0000-4000-8000-0000000000a1"
    static let pendingRun = "c0ffee00-0000-4000-8000-0000000000a2"
    static let midnightRun = "c0ffee00-0000-4000-8000-0000000000a3"
    /// An agent whose name is another run's agent id: `--agent` matches either.
    static let sharedAgent = "agent-shared"
    /// Midnight, 1 January 2026, UTC.
    static let midnight: Int64 = 1_767_225_600_000

    static func crafted() -> [EventDraft] {
        let session = textSession, logged = loggedRun, pending = pendingRun, nearMidnight = midnightRun
        let t = midnight + 3_600_000
        let lines = [
            #"{"id":"c0ffee00-0000-4000-8000-000000000101","event_type":"session.started","session_id":"\#(session)","trace_id":"\#(logged)","user_id":"user-Ünï","agent_id":"\#(sharedAgent)","timestamp_ms":\#(t),"payload":{"title":"50% off_sale: Café report"}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000102","event_type":"message.added","session_id":"\#(session)","trace_id":"\#(logged)","user_id":"user-Ünï","agent_id":"\#(sharedAgent)","timestamp_ms":\#(t + 1),"payload":{"role":"user","content":"Résumé of the ÉTÉ back\\slash sales"}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000103","event_type":"run.started","session_id":"\#(session)","trace_id":"\#(logged)","user_id":"user-Ünï","agent_id":"\#(sharedAgent)","timestamp_ms":\#(t + 2),"payload":{"agent_name":"Reporter","objective":"report","tags":["b","a"],"environment":"eu","model_config_snapshot":{"temperature":0.2,"model":"gpt-4.1-mini"}}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000104","event_type":"run.log","session_id":"\#(session)","trace_id":"\#(logged)","agent_id":"\#(sharedAgent)","timestamp_ms":\#(t + 3),"payload":{"level":"debug","message":"warming up"}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000106","event_type":"run.log","session_id":"\#(session)","trace_id":"\#(logged)","agent_id":"\#(sharedAgent)","timestamp_ms":\#(t + 4),"payload":{"level":"warn","message":"slow source","span_id":"span-1","attributes":{"zeta":1,"a":{"nested":[1,2.5,"x"]},"bb":true,"big":1e20,"ratio":0.1}}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000105","event_type":"run.log","session_id":"\#(session)","trace_id":"\#(logged)","agent_id":"\#(sharedAgent)","timestamp_ms":\#(t + 4),"payload":{"level":"info","message":"same millisecond, logged later"}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000107","event_type":"run.log","session_id":"\#(session)","trace_id":"\#(logged)","agent_id":"\#(sharedAgent)","timestamp_ms":\#(t + 5),"payload":{"level":"error","message":"gave up","severity_number":17}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000108","event_type":"llm.interaction","session_id":"\#(session)","trace_id":"\#(logged)","agent_id":"\#(sharedAgent)","timestamp_ms":\#(t + 6),"payload":{"provider":"openai","model":"gpt-4.1-mini","prompt":"p","input_tokens":1000,"output_tokens":10,"cost_usd":0.1234567,"latency_ms":12}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000109","event_type":"document.retrieved","session_id":"\#(session)","trace_id":"\#(logged)","agent_id":"\#(sharedAgent)","timestamp_ms":\#(t + 6),"payload":{"title":"Q3 sales","content":"…","source_url":"https://example.com/q3"}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000110","event_type":"run.failed","session_id":"\#(session)","trace_id":"\#(logged)","agent_id":"\#(sharedAgent)","timestamp_ms":\#(t + 7),"payload":{"error_message":"source down","total_iterations":3}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000201","event_type":"llm.interaction","trace_id":"\#(pending)","agent_id":"agent-pending","timestamp_ms":\#(t + 8),"payload":{"provider":"acme","model":"house-7","prompt":"p","input_tokens":3,"output_tokens":2}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000301","event_type":"run.started","trace_id":"\#(nearMidnight)","agent_id":"agent-night","timestamp_ms":\#(midnight - 5),"payload":{"agent_name":"\#(sharedAgent)","objective":"late"}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000302","event_type":"llm.interaction","trace_id":"\#(nearMidnight)","agent_id":"agent-night","timestamp_ms":\#(midnight - 1),"payload":{"provider":"acme","model":"house-7","prompt":"p","input_tokens":5,"output_tokens":1,"latency_ms":7}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000303","event_type":"llm.interaction","trace_id":"\#(nearMidnight)","agent_id":"agent-night","timestamp_ms":\#(midnight),"payload":{"provider":"openai","model":"gpt-4.1-mini","prompt":"p","input_tokens":7,"output_tokens":1,"cost_usd":0.0000004}}"#,
            // Ties that only the order of text breaks, where byte order ("Zed" < "alpha") and a
            // language's order ("alpha" < "Zed") disagree: two unpriced agents and providers
            // of one call each, two agents whose runs start in the same millisecond.
            #"{"id":"c0ffee00-0000-4000-8000-000000000401","event_type":"llm.interaction","trace_id":"c0ffee00-0000-4000-8000-0000000000a4","agent_id":"Zed","timestamp_ms":\#(t + 9),"payload":{"provider":"Zeta","model":"m1","prompt":"p"}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000402","event_type":"llm.interaction","trace_id":"c0ffee00-0000-4000-8000-0000000000a5","agent_id":"alpha","timestamp_ms":\#(t + 9),"payload":{"provider":"alpha","model":"m1","prompt":"p"}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000403","event_type":"run.started","session_id":"\#(agentsSession)","trace_id":"c0ffee00-0000-4000-8000-0000000000a6","timestamp_ms":\#(t + 10),"payload":{"agent_name":"Zed","objective":"o"}}"#,
            #"{"id":"c0ffee00-0000-4000-8000-000000000404","event_type":"run.started","session_id":"\#(agentsSession)","trace_id":"c0ffee00-0000-4000-8000-0000000000a7","timestamp_ms":\#(t + 10),"payload":{"agent_name":"alpha","objective":"o"}}"#,
        ]
        return lines.enumerated().map { index, line in
            try! EventDraft.parse(jsonLine: line, location: EventLocation(index: index, line: index + 1), defaultTimestampMs: 0)
        }
    }
}
