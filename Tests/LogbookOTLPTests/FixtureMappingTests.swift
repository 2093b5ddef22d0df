import Foundation
import Testing
@testable import LogbookOTLP

/// The captures of real exporters map completely, the same way from either encoding and every
/// time, and the events add up to what the SDKs reported.
@Suite struct FixtureMappingTests {
    @Test(arguments: Fixture.all)
    func protobufAndJSONBodiesGiveByteIdenticalEvents(fixture: Fixture) throws {
        let fromProtobuf = try fixture.map(fixture.protobuf(), .protobuf)
        let fromJSON = try fixture.map(fixture.json(), .json)
        #expect(!fromProtobuf.events.isEmpty)
        #expect(fromProtobuf == fromJSON)
    }

    @Test(arguments: Fixture.all)
    func everyFixtureMapsWithNoRejection(fixture: Fixture) throws {
        let batch = try fixture.map(fixture.protobuf(), .protobuf)
        #expect(batch.rejected == 0)
        #expect(batch.errorMessage == "")
        #expect(batch.responseBody(for: fixture.signal, encoding: .protobuf).isEmpty, "a full success has no partial_success")
    }

    @Test(arguments: Fixture.all)
    func idsAreStableAcrossMappingsAndUnique(fixture: Fixture) throws {
        let first = try Event.all(fixture.map(fixture.protobuf(), .protobuf))
        let second = try Event.all(fixture.map(fixture.protobuf(), .protobuf))
        #expect(first.map(\.id) == second.map(\.id))
        #expect(Set(first.map(\.id)).count == first.count)
    }

    @Test(arguments: Fixture.traces)
    func modelCallsTokensAndToolsAddUpToWhatTheSDKReported(fixture: Fixture) throws {
        let expected = try fixture.expected()
        let events = try Event.all(fixture.map(fixture.protobuf(), .protobuf))
        let calls = events.filter { $0.type == "llm.interaction" }
        #expect(calls.count == expected["llm_calls"] as! Int)
        for field in ["input_tokens", "output_tokens", "cached_input_tokens", "reasoning_tokens"] {
            #expect(calls.map { $0.int(field) }.reduce(0, +) == expected[field] as! Int, "\(field)")
        }
        let handoffs = events.filter { $0.type == "handoff.occurred" }.count
        #expect(handoffs == expected["handoffs"] as! Int)
        #expect(events.filter { $0.type == "tool.called" }.count == expected["tool_calls"] as! Int)
        #expect(events.filter { $0.type == "tool.result" }.count == expected["tool_calls"] as! Int)
        #expect(events.filter { $0.type == "run.started" }.count == expected["runs"] as! Int)
        #expect(events.filter { $0.type == "run.completed" || $0.type == "run.failed" }.count == expected["runs"] as! Int)
        // Every span is accounted for by exactly one primary event.
        let spans = (expected["spans_by_kind"] as! [String: Int]).values.reduce(0, +)
        let primary = events.filter { ["run.started", "execution.started", "llm.interaction", "tool.called", "handoff.occurred", "span.recorded"].contains($0.type) }
        #expect(Set(primary.map { $0.string("span_id")! }).count == spans)
        if let failures = expected["tool_errors"] as? Int {
            #expect(events.filter { $0.type == "tool.result" && $0.payload["is_error"] as? Bool == true }.count == failures)
        }
        if let finalOutput = expected["final_output"] as? String {
            // The root span does not carry the run's output; the last model response does.
            let response = calls.last?.payload["response"] as? [[String: Any]]
            #expect(response?.last?["content"] as? String == finalOutput)
        }
    }

    @Test func logRecordsBecomeRunLogsWithTheirLevels() throws {
        let fixture = Fixture.logs[0]
        let expected = try fixture.expected()
        let events = try Event.all(fixture.map(fixture.protobuf(), .protobuf))
        #expect(events.count == expected["log_records"] as! Int)
        #expect(events.allSatisfy { $0.type == "run.log" })
        var levels: [String: Int] = [:]
        for event in events { levels[event.string("level")!, default: 0] += 1 }
        #expect(levels == expected["log_levels"] as! [String: Int])
        // The records and the spans they were logged in share a trace, so they land in one run.
        let run = try Event.all(Fixture.traces[2].map(Fixture.traces[2].protobuf(), .protobuf)).first { $0.type == "run.started" }!
        #expect(events.allSatisfy { $0.traceID == run.traceID && $0.string("span_id") != nil })
        let error = events.first { $0.string("level") == "error" }!
        #expect(error.string("message") == "payment gateway refused the card")
        #expect(error.attribute("gateway.code") as? String == "do_not_honor")
        #expect(error.int("severity_number") == 17)
    }

    /// Each event's payload has the fields its schemas/events file requires, with the kinds it
    /// allows, so the store accepts the batch.
    @Test(arguments: Fixture.all)
    func payloadsFollowTheEventSchemas(fixture: Fixture) throws {
        let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schemas/events")
        for event in try Event.all(fixture.map(fixture.protobuf(), .protobuf)) {
            let file = schemas.appendingPathComponent("\(event.type).schema.json")
            let schema = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any], "no schema for \(event.type)")
            for field in schema["required"] as? [String] ?? [] {
                #expect(event.payload[field] != nil && !(event.payload[field] is NSNull), "\(event.type) lacks \(field)")
            }
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for (name, value) in event.payload {
                guard let spec = properties[name] else { continue }
                let types = (spec["oneOf"] as? [[String: Any]])?.compactMap { $0["type"] as? String }
                    ?? (spec["type"] as? String).map { [$0] } ?? (spec["type"] as? [String]) ?? []
                guard !types.isEmpty else { continue }
                let kind = Self.kind(of: value)
                #expect(types.contains(kind) || kind == "integer" && types.contains("number"), "\(event.type).\(name) is \(Self.kind(of: value)), schema allows \(types)")
            }
            #expect(UUID(uuidString: event.id) != nil && UUID(uuidString: event.traceID) != nil)
        }
    }

    static func kind(of value: Any) -> String {
        switch value {
        case is String: "string"
        case is [Any]: "array"
        case is [String: Any]: "object"
        case let number as NSNumber:
            // JSONSerialization reads true and false as NSNumber too.
            String(cString: number.objCType) == "c" ? "boolean" : (number.doubleValue.rounded() == number.doubleValue ? "integer" : "number")
        default: "null"
        }
    }
}
