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

    /// A body arriving in chunks cut anywhere, even inside a line or between "\r" and "\n",
    /// gives the events of the whole body, and names a bad one by the same line.
    @Test func chunksCutAnywhereParseLikeTheWholeBody() throws {
        let body = Array(([Self.line(0), "", Self.line(1), "  ", Self.line(2)].joined(separator: "\r\n") + "\r\n" + Self.line(3)).utf8)
        let whole = try EventBody.parse(body, format: .jsonLines, defaultTimestampMs: 7)
        #expect(whole.count == 4)
        func chunked(_ cuts: [Int]) throws -> [EventDraft] {
            var parser = EventBody.LineParser(defaultTimestampMs: 7)
            var start = 0
            for cut in cuts + [body.count] {
                try body[start..<cut].withUnsafeBytes { try parser.consume($0) }
                start = cut
            }
            return try parser.finish()
        }
        for cut in 0...body.count {
            #expect(try chunked([cut]).map(\.payload) == whole.map(\.payload), "cut at \(cut)")
        }
        #expect(try chunked(Array(1..<body.count)).map(\.payload) == whole.map(\.payload))

        let bad = Array([Self.line(0), #"{"event_type":"custom.n","payload":{}}"#].joined(separator: "\n").utf8)
        var parser = EventBody.LineParser(defaultTimestampMs: 7)
        try bad[..<70].withUnsafeBytes { try parser.consume($0) }
        let error = #expect(throws: LogbookError.self) {
            try bad[70...].withUnsafeBytes { try parser.consume($0) }
            _ = try parser.finish()
        }
        #expect(error?.event == EventLocation(index: 1, line: 2))
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
