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

    /// The kinds a JSON Schema property allows, as the catalogue spells them.
    static func kinds(_ spec: [String: Any]) -> [JSONValueKind]? {
        if spec.isEmpty { return nil }
        if let options = spec["oneOf"] as? [[String: Any]] { return options.flatMap { kinds($0) ?? [] } }
        if spec["enum"] != nil, spec["type"] == nil { return [.string] }
        let names = (spec["type"] as? [String]) ?? [spec["type"] as! String]
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
                    nonNegative: (spec["minimum"] as? Int) == 0
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

    @Test(arguments: [
        ("message.added", #"{"role":"robot","content":"hi"}"#, "payload.role", "must be one of"),
        ("message.added", #"{"content":"hi"}"#, "payload.role", "missing"),
        ("message.added", #"{"role":null,"content":"hi"}"#, "payload.role", "missing"),
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
