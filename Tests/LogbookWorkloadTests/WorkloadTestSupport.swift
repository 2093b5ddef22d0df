import Foundation
import LogbookWorkload

/// One 50-session workload shared by the tests; lines are Sendable, parsed
/// events are not, so each test parses its own copy (a few milliseconds).
let sampleSessions = 50
let sampleLines = WorkloadGenerator.lines(sessions: sampleSessions, seed: 20_260_101)

typealias JSONObject = [String: Any]

func parse(_ line: String) -> JSONObject? {
    (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? JSONObject
}

func sampleEvents() -> [JSONObject] {
    sampleLines.map { parse($0) ?? [:] }
}

/// Bytes a generator produces, streamed through `nextLine(into:)` the way the CLI does.
func streamedBytes(
    sessions: Int, seed: UInt64, startTimeMs: Int64 = 1_767_225_600_000, concurrentSessions: Int = 8
) -> [UInt8] {
    var generator = WorkloadGenerator(
        sessions: sessions, seed: seed, startTimeMs: startTimeMs, concurrentSessions: concurrentSessions)
    var output: [UInt8] = []
    while generator.nextLine(into: &output) {}
    return output
}

func isBool(_ value: Any?) -> Bool {
    guard let number = value as? NSNumber else { return false }
    return String(cString: number.objCType) == "c"
}

/// An integral JSON number (not a bool, not a fraction).
func integer(_ value: Any?) -> Int? {
    guard let number = value as? NSNumber, !isBool(number) else { return nil }
    let type = String(cString: number.objCType)
    return type == "d" || type == "f" ? nil : number.intValue
}

func isNumber(_ value: Any?) -> Bool {
    guard let number = value as? NSNumber else { return false }
    return !isBool(number)
}

private let uuidPattern = try! NSRegularExpression(
    pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

/// Lowercase canonical RFC 4122 version-4 UUID.
func isUUIDv4(_ value: Any?) -> Bool {
    guard let text = value as? String else { return false }
    return uuidPattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
}

extension Dictionary where Key == String, Value == Any {
    var type: String { self["event_type"] as? String ?? "" }
    var payload: JSONObject { self["payload"] as? JSONObject ?? [:] }
    var trace: String { self["trace_id"] as? String ?? "" }
    var session: String? { self["session_id"] as? String }
}

let terminalTypes: Set<String> = ["run.completed", "run.failed", "run.cancelled"]

let catalogueTypes: Set<String> = [
    "agent.registered", "session.started", "message.added", "session.cleared", "run.started", "run.completed",
    "run.failed", "run.cancelled", "execution.started", "execution.completed", "execution.failed",
    "llm.interaction", "tool.called", "tool.result", "agent.thought", "document.retrieved", "run.state_saved",
]
