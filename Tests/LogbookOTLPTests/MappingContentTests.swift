import Foundation
import Testing
@testable import LogbookOTLP

/// What the fixtures' spans become, field by field.
@Suite struct MappingContentTests {
    static func events(_ fixture: Fixture) throws -> [Event] {
        try Event.all(fixture.map(fixture.protobuf(), .protobuf))
    }

    @Test func theAgentsSDKRunThroughOpenInference() throws {
        let events = try Self.events(Fixture.traces[0])
        // session.id "support-chat-42" is not a UUID: uuid5(NAMESPACE, text), as Python's uuid module computes it.
        #expect(events.allSatisfy { $0.sessionID == "8579c328-3e96-5831-86db-ea53ae66810b" && $0.userID == "user-7" })
        #expect(Set(events.map(\.traceID)).count == 1)
        #expect(events.first?.type == "run.started")
        #expect(events.last?.type == "run.completed")
        let run = events[0]
        #expect(run.string("agent_name") == "Support desk")
        #expect((run.payload["resource"] as? [String: Any])?["service.name"] as? String == "support-desk")
        #expect((run.payload["scope"] as? [String: Any])?["name"] as? String == "openinference.instrumentation.openai_agents")
        // OpenInference records no output on the root span: the run has no final_output.
        #expect(events.last?.string("final_output") == nil)

        let executions = events.filter { $0.type == "execution.started" }.map { $0.string("agent_name") }
        #expect(executions == ["triage", "billing"])
        #expect(events.filter { $0.type == "execution.completed" }.count == 2)

        let handoff = try #require(events.first { $0.type == "handoff.occurred" })
        #expect(handoff.string("from_agent") == "triage")
        #expect(handoff.string("to_agent") == "billing")

        let calls = events.filter { $0.type == "llm.interaction" }
        #expect(calls.allSatisfy { $0.string("provider") == "openai" && $0.string("model") == "gpt-4.1-mini-2025-04-14" })
        let firstPrompt = try #require(calls[0].payload["prompt"] as? [[String: Any]])
        #expect(firstPrompt.first?["role"] as? String == "user")
        #expect(firstPrompt.first?["content"] as? String == "Has invoice INV-7 been paid?")
        let secondResponse = try #require(calls[1].payload["response"] as? [[String: Any]])
        let toolCall = try #require((secondResponse.first?["tool_calls"] as? [[String: Any]])?.first)
        #expect(toolCall["id"] as? String == "call_lookup_1")
        #expect((toolCall["function"] as? [String: Any])?["arguments"] as? String == #"{"invoice_id":"INV-7"}"#)
        #expect((calls[2].payload["prompt"] as? [Any])?.count == 5)
        #expect(calls.allSatisfy { ($0.payload["latency_ms"] as? NSNumber) != nil && $0.string("status") == "ok" })
        #expect(calls.map { $0.int("total_tokens") } == [430, 554, 626])
        #expect((calls[0].payload["input_params"] as? [String: Any])?["model"] as? String == "gpt-4.1-mini-2025-04-14")
        // The raw response object stays, as an attribute no rule used.
        #expect((calls[0].attribute("output.value") as? String)?.hasPrefix(#"{"id":"resp_1""#) == true)

        let called = try #require(events.first { $0.type == "tool.called" })
        #expect(called.string("tool_name") == "lookup_invoice")
        #expect(called.string("arguments") == #"{"invoice_id":"INV-7"}"#)
        #expect(called.attribute("tool.description") as? String == "Looks an invoice up in the billing system.")
        let result = try #require(events.first { $0.type == "tool.result" })
        #expect(result.string("call_id") == called.string("call_id"))
        #expect(result.string("output")?.contains(#""status": "paid""#) == true)
        #expect(result.payload["is_error"] as? Bool == false)
        #expect(result.timestampMs >= called.timestampMs)
        #expect(events.map(\.timestampMs) == events.map(\.timestampMs).sorted())
    }

    @Test func spansFollowingTheGenAISemanticConventions() throws {
        let events = try Self.events(Fixture.traces[1])
        // gen_ai.conversation.id is a UUID: it is the session id itself. Only the spans that
        // carry it (the agent and chat spans) are in the session; all share the trace.
        let inSession = events.filter { $0.sessionID != nil }
        #expect(Set(inSession.map(\.sessionID)) == ["0b5c6f1e-3a7d-4c2e-9f10-6d8e2a4b7c91"])
        #expect(Set(inSession.map(\.type)) == ["run.started", "run.completed", "llm.interaction"])
        #expect(Set(events.map(\.traceID)).count == 1)
        let run = try #require(events.first { $0.type == "run.started" })
        #expect(run.string("agent_name") == "weather-bot")
        #expect(run.agentID == "agent_weather_1" && run.userID == "user-9")
        #expect(events.first { $0.type == "run.completed" }?.string("final_output") == "It is rainy in Paris, 57°F.")

        let calls = events.filter { $0.type == "llm.interaction" }
        let chat = calls[0]
        #expect(chat.string("model") == "gpt-4o-mini-2024-07-18" && chat.string("request_model") == "gpt-4o-mini")
        let prompt = try #require(chat.payload["prompt"] as? [[String: Any]])
        #expect((prompt[0]["parts"] as? [[String: Any]])?.first?["content"] as? String == "Weather in Paris?")
        let params = try #require(chat.payload["input_params"] as? [String: Any])
        #expect(params["temperature"] as? Double == 0.2 && params["max_tokens"] as? Int == 512)
        #expect(chat.payload["finish_reasons"] as? [String] == ["tool_call"])
        #expect(chat.string("response_id") == "chatcmpl-1")

        let legacy = try #require(calls.first { $0.attribute("gen_ai.system") == nil && $0.string("response_id") == nil && $0.int("output_tokens") == 5 })
        #expect(legacy.string("provider") == "openai")
        #expect((legacy.payload["prompt"] as? [[String: Any]])?.first?["content"] as? String == "Summarise: rainy, 57°F.")
        #expect((legacy.payload["response"] as? [[String: Any]])?.first?["finish_reason"] as? String == "stop")

        let embedding = try #require(calls.first { $0.string("model") == "text-embedding-3-small" })
        #expect(embedding.string("prompt") == "" && embedding.int("input_tokens") == 9)
        #expect(embedding.attribute("gen_ai.embeddings.dimension.count") as? Int == 1536)

        let results = events.filter { $0.type == "tool.result" }
        let failed = try #require(results.first { $0.string("call_id") == "call_2" })
        #expect(failed.payload["is_error"] as? Bool == true)
        #expect(failed.string("error_message") == "forecast service timed out")
        #expect(failed.string("output") == "")
        #expect(results.first { $0.string("call_id") == "call_1" }?.string("output") == "rainy, 57°F")
        let failedCall = try #require(events.first { $0.type == "tool.called" && $0.string("call_id") == "call_2" })
        #expect((failedCall.payload["span_events"] as? [[String: Any]])?.first?["name"] as? String == "exception")
        #expect(failedCall.attribute("gen_ai.tool.type") == nil && failedCall.attribute("error.type") as? String == "TimeoutError")
    }

    @Test func spansOfNoKnownKindAreRecordedAsTheyAre() throws {
        let events = try Self.events(Fixture.traces[2])
        #expect(events.map(\.type) == ["run.started", "span.recorded", "run.completed"])
        let span = events[1]
        #expect(span.string("name") == "charge card")
        #expect(span.string("kind") == "internal")
        #expect(span.string("parent_span_id") == events[0].string("span_id"))
        #expect(span.int("ended_at_ms") >= span.int("started_at_ms"))
        // A session key that is not a UUID stays among the attributes.
        #expect(events[0].attribute("session.id") as? String == "invoice-run-3")
    }
}
