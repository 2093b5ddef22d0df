import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport

/// Input built to break a store: each line gets a clear error naming the line and field,
/// its batch is not written, and the log keeps working.
@Suite struct HostileInputTests {
    static let trace = "a3fd1dea-5e18-44ee-b7e0-0afb3229fd51"

    static func line(payload: String, extra: String = "") -> [UInt8] {
        Array(#"{"event_type":"tool.result","trace_id":"\#(trace)"\#(extra),"payload":"#.utf8) + Array(payload.utf8) + Array("}".utf8)
    }

    static let cases: [(name: String, line: [UInt8], field: String?)] = [
        ("malformed JSON", line(payload: #"{"output":"x",}"#), "payload"),
        ("nesting 100,000 levels deep", line(payload: "{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"), "payload"),
        ("invalid UTF-8", line(payload: #"{"output":"#) + [0x22, 0xC3, 0x28, 0x22] + Array("}".utf8), "payload"),
        ("a lone surrogate", line(payload: #"{"output":"\uD800"}"#), "payload"),
        ("a bad UUID", line(payload: "{}", extra: #","session_id":"not-a-uuid""#), "session_id"),
        ("a timestamp past Int64", line(payload: "{}", extra: #","timestamp_ms":99999999999999999999999"#), "timestamp_ms"),
        ("a payload that is a string", line(payload: #""hello""#), "payload"),
        ("an empty line of spaces", Array("   ".utf8), nil),
    ]

    @Test(arguments: cases.indices)
    func eachHostileLineIsRefusedWithItsLineAndField(index: Int) throws {
        let (name, bytes, field) = Self.cases[index]
        #expect(throws: LogbookError.self, "\(name)") {
            _ = try bytes.withBytes { (raw) throws(LogbookError) in
                try EventDraft.parse(jsonLine: raw, location: EventLocation(index: 0, line: 42), defaultTimestampMs: 0)
            }
        }
        do {
            _ = try bytes.withBytes { (raw) throws(LogbookError) in
                try EventDraft.parse(jsonLine: raw, location: EventLocation(index: 0, line: 42), defaultTimestampMs: 0)
            }
        } catch {
            #expect(error.message.contains("line 42"), "\(name): \(error.message)")
            if let field { #expect(error.message.contains(field), "\(name): \(error.message)") }
        }
    }

    @Test func hugeNumbersInsideAPayloadAreKeptAsWritten() throws {
        let bytes = Self.line(payload: #"{"n":123456789012345678901234567890e400,"m":-0.0}"#)
        let draft = try bytes.withBytes { (raw) throws(LogbookError) in
            try EventDraft.parse(jsonLine: raw, location: EventLocation(index: 0), defaultTimestampMs: 0)
        }
        #expect(String(decoding: draft.payload, as: UTF8.self) == #"{"n":123456789012345678901234567890e400,"m":-0.0}"#)
    }

    @Test func aTwentyMegabytePayloadIsRefusedAndTheLogGoesOn() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        var big = Workload.draft(session: nil)
        big.payload = Array(("{\"content\":\"" + String(repeating: "x", count: 20 << 20) + "\"}").utf8)
        let session = LogUUID.random()
        let batch = [Workload.draft(session: session), big]
        let error = await #expect(throws: LogbookError.self) { try await log.append(batch) }
        #expect(error?.message.contains("event 1") == true)
        #expect(error?.message.contains("'payload'") == true)
        #expect(error?.message.contains("limit") == true)
        let wrongVersion = await #expect(throws: LogbookError.self) {
            try await log.append([Workload.draft(session: session)], expecting: [session: 5])
        }
        #expect(wrongVersion?.message.contains("is at version 0") == true)
        try await log.append([Workload.draft(session: session)], expecting: [session: 0])
        #expect(try log.reader.head() == 1)
        log.close()
    }
}
