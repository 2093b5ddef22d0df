import LogbookCore
import LogbookStore
import Testing

/// A request's body as JSONL: every event found whatever the line endings, blank lines
/// skipped, and a bad event named by its index and its line.
@Suite struct EventBodyTests {
    static func line(_ n: Int) -> String {
        #"{"event_type":"custom.n","trace_id":"6f1c0000-0000-4000-8000-000000000001","payload":{"n":\#(n)}}"#
    }

    @Test(arguments: ["\n", "\r\n"])
    func linesAreFoundWithOrWithoutATrailingNewlineAndBlankLinesAreSkipped(newline: String) throws {
        let text = [Self.line(0), "", "   ", Self.line(1), Self.line(2)].joined(separator: newline)
        for body in [text, text + newline] {
            let drafts = try EventBody.parse(Array(body.utf8), format: .jsonLines, defaultTimestampMs: 7)
            #expect(drafts.map { String(decoding: $0.payload, as: UTF8.self) } == [#"{"n":0}"#, #"{"n":1}"#, #"{"n":2}"#])
            #expect(drafts.allSatisfy { $0.timestampMs == 7 })
        }
        #expect(try EventBody.parse([], format: .jsonLines, defaultTimestampMs: 7).isEmpty)
    }

    @Test func aBadEventIsNamedByItsIndexAndItsLine() {
        let body = [Self.line(0), "", #"{"event_type":"custom.n","payload":{}}"#, Self.line(3)].joined(separator: "\n")
        let error = #expect(throws: LogbookError.self) {
            try EventBody.parse(Array(body.utf8), format: .jsonLines, defaultTimestampMs: 7)
        }
        #expect(error?.event == EventLocation(index: 1, line: 3))
        #expect(error?.message.contains("trace_id") == true)
    }
}
