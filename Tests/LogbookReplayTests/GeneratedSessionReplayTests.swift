import Foundation
import LogbookCore
import LogbookReplay
import LogbookTestSupport
import Testing

/// Replay of generated sessions against an expectation folded here, separately and simply,
/// from the generated JSONL lines.
@Suite("Replay of generated sessions")
struct GeneratedSessionReplayTests {
    static let lines = Workload.lines(sessions: 40, seed: 20_260_214)

    @Test func replayEqualsAnIndependentFold() async throws {
        let log = try TestLog()
        let drafts = Self.lines.enumerated().map { index, line in
            try! EventDraft.parse(jsonLine: line, location: EventLocation(index: index), defaultTimestampMs: 0)
        }
        try await log.append(drafts)
        let expectations = ExpectedSession.fold(Self.lines)
        #expect(expectations.count == 40)
        #expect(expectations.values.contains { $0.clears > 0 }, "the workload should clear some conversation")
        #expect(expectations.values.contains { $0.messages.contains { $0["tool_calls"] != nil } })
        for (id, expected) in expectations {
            let context = try log.sessions.context(session: LogUUID(id)!)
            let messages = jsonObject(try ReplayJSON.encode(context.messages, pretty: false))
            #expect(canonical(messages) == canonical(expected.messages), "messages of \(id)")
            #expect(context.clears.count == expected.clears)
            #expect(context.eventCount == expected.events)
            #expect(context.runs.count == expected.runStatus.count)
            #expect(keyed(context.runs.map { ($0.traceID.description, $0.status.rawValue) }) == expected.runStatus)
            #expect(keyed(context.runs.compactMap { run in run.totalIterations.map { (run.traceID.description, Int($0)) } }) == expected.runIterations)
            #expect(context.toolCalls.count == expected.toolCalls.count)
            #expect(keyed(context.toolCalls.map { ($0.callID, "\($0.toolName ?? "?") \($0.status.rawValue)") }) == expected.toolCalls)
            #expect(context.documents.map(\.title) == expected.documentTitles)
            #expect(context.usage.llmCalls == expected.llmCalls)
            #expect(context.usage.inputTokens == expected.inputTokens)
            #expect(context.usage.cachedInputTokens == expected.cachedTokens)
            #expect(context.usage.outputTokens == expected.outputTokens)
            #expect(context.usage.reasoningTokens == expected.reasoningTokens)
            #expect(context.usage.callsWithoutCost == expected.callsWithoutCost)
            #expect(abs(context.usage.knownCostUSD - expected.cost) < 1e-9)
            #expect(context.errors.count == expected.errors)
            #expect(context.warnings.isEmpty)
        }
    }
}

/// Pairs as a dictionary; a repeated key keeps its first value (the count checks catch repeats).
func keyed<Value>(_ pairs: [(String, Value)]) -> [String: Value] {
    Dictionary(pairs, uniquingKeysWith: { first, _ in first })
}

/// What a session's replay should hold, folded from JSONL with JSONSerialization only.
struct ExpectedSession {
    var events = 0
    var clears = 0
    var messages: [[String: Any]] = []
    var runStatus: [String: String] = [:]
    var runIterations: [String: Int] = [:]
    var toolCalls: [String: String] = [:]
    var documentTitles: [String] = []
    var llmCalls = 0
    var inputTokens: Int64 = 0
    var cachedTokens: Int64 = 0
    var outputTokens: Int64 = 0
    var reasoningTokens: Int64 = 0
    var callsWithoutCost = 0
    var cost = 0.0
    var errors = 0

    static func fold(_ lines: [String]) -> [String: ExpectedSession] {
        var sessions: [String: ExpectedSession] = [:]
        var toolNames: [String: String] = [:]
        for line in lines {
            let event = jsonObject(line) as! [String: Any]
            guard let id = event["session_id"] as? String else { continue }
            let payload = event["payload"] as! [String: Any]
            let trace = event["trace_id"] as! String
            var session = sessions[id] ?? ExpectedSession()
            session.events += 1
            switch event["event_type"] as! String {
            case "message.added":
                session.messages.append(payload)
            case "session.cleared":
                session.clears += 1
                session.messages = []
            case "run.started":
                session.runStatus[trace] = "running"
            case "run.completed", "run.failed", "run.cancelled":
                let type = event["event_type"] as! String
                session.runStatus[trace] = String(type.dropFirst(4))
                session.runIterations[trace] = payload["total_iterations"] as? Int
                if type == "run.failed" { session.errors += 1 }
            case "execution.failed":
                session.errors += 1
            case "tool.called":
                toolNames[payload["call_id"] as! String] = payload["tool_name"] as? String
            case "tool.result":
                let call = payload["call_id"] as! String
                let failed = payload["is_error"] as? Bool == true
                session.toolCalls[call] = "\(toolNames[call] ?? "?") \(failed ? "failed" : "succeeded")"
                if failed { session.errors += 1 }
            case "document.retrieved":
                session.documentTitles.append(payload["title"] as! String)
            case "llm.interaction":
                session.llmCalls += 1
                session.inputTokens += Int64(payload["input_tokens"] as? Int ?? 0)
                session.cachedTokens += Int64(payload["cached_input_tokens"] as? Int ?? 0)
                session.outputTokens += Int64(payload["output_tokens"] as? Int ?? 0)
                session.reasoningTokens += Int64(payload["reasoning_tokens"] as? Int ?? 0)
                if let cost = payload["cost_usd"] as? Double { session.cost += cost } else { session.callsWithoutCost += 1 }
                if payload["status"] as? String == "error" { session.errors += 1 }
            default:
                break
            }
            sessions[id] = session
        }
        return sessions
    }
}
