import Foundation
import GRDB
import LogbookCatalogue
import LogbookCore
import LogbookJSON
import LogbookProjections
import LogbookReplay
import Testing

/// `Tests/Fixtures/sdk-corpus`: events whose payloads the real openai, anthropic,
/// google-genai and openai-agents packages produced, with what the SDKs say they hold.
enum SDKCorpus {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/sdk-corpus")

    static func lines(_ name: String) throws -> [String] {
        try String(contentsOf: folder.appendingPathComponent(name + ".jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    static func drafts(_ name: String) throws -> [EventDraft] {
        try lines(name).enumerated().map { index, line in
            try EventDraft.parse(jsonLine: line, location: EventLocation(index: index, line: index + 1), defaultTimestampMs: 0)
        }
    }

    static func expected(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent(name + ".expected.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// JSON text with sorted keys: equal exactly when the values are the same JSON.
    static func canonical(_ text: String) -> String {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else { return text }
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite("The SDK corpus: every real shape ingests, projects and replays as sent")
struct SDKCorpusTests {
    static let providers = ["openai", "anthropic", "gemini"]

    @Test("every line is accepted, projected into messages and llm_interactions, and replayed as sent", arguments: providers)
    func ingestProjectReplay(provider: String) async throws {
        let drafts = try SDKCorpus.drafts(provider)
        let fixture = try await ProjectionFixture(drafts)
        try fixture.engine().catchUp()
        let db = try fixture.readOnly()
        let messageDrafts = drafts.filter { $0.eventType == EventType.messageAdded }
        let rows = try await db.read { try Row.fetchAll($0, sql: "SELECT event_id, text, message FROM messages") }
        #expect(rows.count == messageDrafts.count)
        for row in rows {
            let draft = try #require(messageDrafts.first { $0.id.description == row["event_id"] })
            #expect(row["message"] == String(decoding: draft.payload, as: UTF8.self), "the raw message of \(draft.id)")
            #expect(!(row["text"] as String).isEmpty, "no readable text for \(row["message"] as String)")
        }
        let calls = try await db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM llm_interactions") }
        #expect(calls == drafts.count { $0.eventType == EventType.llmInteraction })

        let replayer = SessionReplayer(reader: fixture.log.reader)
        for session in Set(messageDrafts.compactMap(\.sessionID)) {
            let context = try replayer.context(session: session)
            let sent = messageDrafts.filter { $0.sessionID == session }.map { SDKCorpus.canonical(String(decoding: $0.payload, as: UTF8.self)) }
            let replayed = try context.messages.map { SDKCorpus.canonical(try ReplayJSON.encode($0, pretty: false)) }
            #expect(Set(replayed) == Set(sent), "session \(session)")
            #expect(replayed.count == sent.count)
            // --format messages writes each message's bytes as sent, key order and all.
            let array = try ReplayJSON.encode(context.lastMessages(nil), pretty: false)
            let parsed = try JSONSerialization.jsonObject(with: Data(array.utf8)) as? [Any]
            #expect(parsed?.count == sent.count)
            for draft in messageDrafts where draft.sessionID == session {
                #expect(array.contains(String(decoding: draft.payload, as: UTF8.self)), "\(draft.id) not replayed byte for byte")
            }
            #expect(context.warnings.isEmpty, "\(context.warnings)")
            #expect(!TranscriptRenderer().render(context).isEmpty)
        }
    }

    @Test("each provider's usage, as its SDK built it, normalises to the counts the SDK corpus expects", arguments: providers)
    func usageNormalisation(provider: String) throws {
        let expected = try #require(try SDKCorpus.expected(provider)["llm.interaction"] as? [String: [String: Any]])
        let drafts = try SDKCorpus.drafts(provider).filter { $0.eventType == EventType.llmInteraction }
        #expect(drafts.count == expected.count)
        for draft in drafts {
            let want = try #require(expected[draft.id.description])
            let payload = try #require(JSONValue.object(payload: draft.payload))
            let usage = LLMCallUsage(payload: payload)
            let what = want["what"] as? String ?? ""
            #expect(usage.problems.isEmpty, "\(what): \(usage.problems)")
            #expect(usage.inputTokens ?? 0 == want["input_tokens"] as? Int64, "input of \(what)")
            #expect(usage.cachedInputTokens ?? 0 == want["cached_input_tokens"] as? Int64, "cached of \(what)")
            #expect(usage.cacheWriteInputTokens ?? 0 == want["cache_write_tokens"] as? Int64, "cache write of \(what)")
            #expect(usage.outputTokens ?? 0 == want["output_tokens"] as? Int64, "output of \(what)")
            #expect(usage.reasoningTokens ?? 0 == want["reasoning_tokens"] as? Int64, "reasoning of \(what)")
        }
    }

    @Test("explicit top-level counts win over the usage object, field by field")
    func explicitFieldsWin() throws {
        let payload = try #require(JSONValue.object(payload: Array(#"""
            {"provider":"anthropic","model":"claude-sonnet-4-5","prompt":"p","input_tokens":999,
             "usage":{"input_tokens":3,"cache_read_input_tokens":100,"cache_creation_input_tokens":20,"output_tokens":5}}
            """#.utf8)))
        let usage = LLMCallUsage(payload: payload)
        #expect(usage.inputTokens == 999)
        #expect(usage.cachedInputTokens == 100)
        #expect(usage.cacheWriteInputTokens == 20)
        #expect(usage.outputTokens == 5)
    }

    @Test("the openai-agents run ingests without a refusal and its totals are the SDK's own")
    func agentsRun() async throws {
        let drafts = try SDKCorpus.drafts("openai-agents-run")
        let fixture = try await ProjectionFixture(drafts)
        try fixture.engine().catchUp()
        let expected = try SDKCorpus.expected("openai-agents-run")
        let totals = try #require(expected["totals"] as? [String: Any])
        let stats = try HandEvents.row(fixture, """
            SELECT count(*) AS runs, sum(status = 'completed') AS completed, sum(status = 'error') AS failed,
                sum(input_tokens) AS input_tokens, sum(cached_input_tokens) AS cached_input_tokens,
                sum(output_tokens) AS output_tokens, sum(reasoning_tokens) AS reasoning_tokens, sum(llm_calls) AS calls
            FROM agent_runs
            """)
        for key in ["runs", "completed", "failed", "input_tokens", "cached_input_tokens", "output_tokens", "reasoning_tokens"] {
            #expect(stats[key] as Int64? == totals[key] as? Int64, "\(key)")
        }
        #expect(stats["calls"] as Int64? == totals["llm_interaction_events"] as? Int64)
        for run in try #require(expected["runs"] as? [[String: Any]]) {
            let row = try HandEvents.row(fixture, "SELECT * FROM agent_runs WHERE run_id = '\(run["run_id"] as! String)'")
            #expect(row["input_tokens"] as Int64? == run["input_tokens"] as? Int64, "\(run["name"] ?? "")")
            #expect(row["output_tokens"] as Int64? == run["output_tokens"] as? Int64, "\(run["name"] ?? "")")
        }
    }
}
