import Foundation
import LogbookCatalogue
import LogbookJSON
import LogbookTestSupport
import Testing
@testable import LogbookCore

@Suite struct CatalogueTests {
    static let schemas = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas/events")

    /// The kinds a JSON Schema property allows, as the catalogue spells them. `null` is not
    /// among them: the catalogue treats a null field as an absent one.
    static func kinds(_ spec: [String: Any]) -> [JSONValueKind]? {
        if spec.isEmpty { return nil }
        if let options = spec["oneOf"] as? [[String: Any]] { return options.flatMap { kinds($0) ?? [] } }
        if spec["enum"] != nil, spec["type"] == nil { return [.string] }
        let names = ((spec["type"] as? [String]) ?? [spec["type"] as! String]).filter { $0 != "null" }
        return names.map { name -> JSONValueKind in
            switch name {
            case "string": .string
            case "object": .object
            case "array": .array
            case "boolean": .bool
            default: .number
            }
        }
    }

    @Test func theCatalogueInCodeIsTheOneInSchemas() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.schemas.path).filter { $0.hasSuffix(".schema.json") }
        var fromSchemas: [String: [EventCatalogue.Field]] = [:]
        for file in files {
            let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.schemas.appendingPathComponent(file))) as? [String: Any])
            let type = try #require(schema["title"] as? String)
            let required = Set(schema["required"] as? [String] ?? [])
            let properties = try #require(schema["properties"] as? [String: [String: Any]])
            fromSchemas[type] = properties.keys.sorted().map { name in
                let spec = properties[name]!
                return EventCatalogue.Field(
                    name, Self.kinds(spec), required: required.contains(name), allowed: spec["enum"] as? [String],
                    nonNegative: (spec["minimum"] as? Int) == 0, integer: (spec["type"] as? String) == "integer"
                )
            }
        }
        #expect(Set(fromSchemas.keys) == Set(EventCatalogue.types.keys))
        #expect(Set(EventType.all) == Set(EventCatalogue.types.keys))
        for (type, fields) in EventCatalogue.types {
            #expect(fields.sorted { $0.name < $1.name } == fromSchemas[type], "\(type) differs from schemas/events/\(type).schema.json")
        }
    }

    @Test func generatedWorkloadsFollowTheCatalogue() {
        for draft in Workload.drafts(sessions: 40, seed: 3) {
            let problem = EventCatalogue.problem(in: draft.payload, type: draft.eventType)
            #expect(problem == nil, "\(draft.eventType): \(problem.map { "\($0.field) \($0.reason)" } ?? "")")
        }
    }

    /// Shapes the real SDKs produce, each as its SDK serialises it: every one is accepted.
    @Test(arguments: [
        // OpenAI Chat: content a string, null (an assistant that only calls tools), or parts.
        ("message.added", #"{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]}"#),
        ("message.added", #"{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}},{"type":"input_audio","input_audio":{"data":"AA==","format":"wav"}},{"type":"file","file":{"file_id":"f1"}}]}"#),
        ("message.added", #"{"role":"assistant","content":[{"type":"refusal","refusal":"no"}],"refusal":"no"}"#),
        ("message.added", #"{"role":"tool","tool_call_id":"call_1","content":"18 C"}"#),
        ("message.added", #"{"role":"developer","content":"be brief","name":"ops"}"#),
        // OpenAI Responses items: most have no role.
        ("message.added", #"{"type":"message","role":"assistant","id":"msg_1","status":"completed","content":[{"type":"output_text","text":"hi","annotations":[]}]}"#),
        ("message.added", #"{"type":"function_call","call_id":"call_1","name":"f","arguments":"{}","id":"fc_1","status":"completed"}"#),
        ("message.added", #"{"type":"function_call_output","call_id":"call_1","output":"18 C"}"#),
        ("message.added", #"{"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"thinking"}]}"#),
        ("message.added", #"{"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","query":"weather"}}"#),
        // Anthropic content blocks.
        ("message.added", #"{"role":"assistant","content":[{"type":"thinking","thinking":"hm","signature":"s"},{"type":"text","text":"ok"},{"type":"tool_use","id":"toolu_1","name":"f","input":{"a":1}}]}"#),
        ("message.added", #"{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"18 C"}],"is_error":false},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AA=="}}]}"#),
        // Gemini contents.
        ("message.added", #"{"role":"model","parts":[{"text":"ok"},{"function_call":{"name":"f","args":{"a":1}}}]}"#),
        ("message.added", #"{"role":"user","parts":[{"function_response":{"name":"f","response":{"result":"18 C"}}}]}"#),
        // llm.interaction: prompt and response as strings, objects or arrays, with the provider's usage.
        ("llm.interaction", #"{"provider":"openai","model":"gpt-4.1-mini","prompt":[{"role":"user","content":"hi"}],"response":{"role":"assistant","content":null,"tool_calls":[]},"usage":{"prompt_tokens":10,"completion_tokens":2}}"#),
        ("llm.interaction", #"{"provider":"openai","model":"gpt-4.1","prompt":{"input":[],"instructions":"be brief"},"response":[{"type":"message","role":"assistant","content":[]}],"input_tokens":1000.0,"output_tokens":1e2}"#),
        ("llm.interaction", #"{"provider":"anthropic","model":"claude-sonnet-4-5","prompt":"hi","response":{"id":"msg_1","content":[{"type":"text","text":"ok"}]},"usage":{"input_tokens":3,"cache_read_input_tokens":100,"output_tokens":5}}"#),
        ("llm.interaction", #"{"provider":"google","model":"gemini-2.5-flash","prompt":[{"role":"user","parts":[{"text":"hi"}]}],"response":{"candidates":[]},"usage":{"prompt_token_count":4,"candidates_token_count":2,"thoughts_token_count":7}}"#),
        ("tool.result", #"{"call_id":"call_1","output":null}"#),
    ])
    func realSDKShapesAreAccepted(type: String, payload: String) {
        let problem = EventCatalogue.problem(in: Array(payload.utf8), type: type)
        #expect(problem == nil, "\(type) \(payload): \(problem.map { "\($0.field) \($0.reason)" } ?? "")")
    }

    @Test(arguments: [
        ("message.added", #"{"role":7,"content":"hi"}"#, "payload.role", "must be string"),
        ("message.added", #"{"role":"user","content":{"text":"hi"}}"#, "payload.content", "must be string or array"),
        ("llm.interaction", #"{"provider":"openai","model":"gpt-4o","prompt":"x","input_tokens":1000.5}"#, "payload.input_tokens", "whole number"),
        ("llm.interaction", #"{"provider":"openai","model":"gpt-4o","prompt":"x","usage":[1]}"#, "payload.usage", "must be object"),
        ("llm.interaction", #"{"provider":"openai","model":"gpt-4o","prompt":"x","input_tokens":-3}"#, "payload.input_tokens", "negative"),
        ("llm.interaction", #"{"provider":"openai","model":"gpt-4o","prompt":"x","cost_usd":"cheap"}"#, "payload.cost_usd", "must be number"),
        ("tool.result", #"{"output":"ok"}"#, "payload.call_id", "missing"),
        ("run.state_saved", #"{"state_type":"paused","schema_version":1,"state_data":{}}"#, "payload.state_type", "must be one of"),
        ("run.started", #"{"agent_name":"coder","objective":"fix","tags":"urgent"}"#, "payload.tags", "must be array"),
    ])
    func aPayloadBreakingItsSchemaIsRefusedNamingTypeAndField(type: String, payload: String, field: String, reason: String) async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        var draft = Workload.draft(session: nil, type: type)
        draft.payload = Array(payload.utf8)
        let error = await #expect(throws: LogbookError.self) { try await log.append([Workload.draft(session: nil), draft]) }
        #expect(error?.message.contains("event 1") == true)
        #expect(error?.message.contains("'\(field)'") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
        #expect(try log.reader.head() == 0)
        // Unknown types are stored as they are; optional fields may be absent or null.
        var unknown = Workload.draft(session: nil, type: "custom.metric")
        unknown.payload = Array(#"{"anything":[1,2,3]}"#.utf8)
        var minimal = Workload.draft(session: nil, type: "session.started")
        minimal.payload = Array(#"{"title":null}"#.utf8)
        try await log.append([unknown, minimal])
        #expect(try log.reader.head() == 2)
        log.close()
    }
}
