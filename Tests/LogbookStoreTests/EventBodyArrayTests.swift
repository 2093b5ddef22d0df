import Foundation
import LogbookCore
@testable import LogbookStore
import LogbookWorkload
import Testing

/// A request's body as a JSON array of events, cut into its events as it arrives: chunks cut
/// anywhere give the events of the whole body, only the unfinished event is kept, and a body
/// that is not an array of event objects gets an error that says where.
@Suite struct EventBodyArrayTests {
    /// Strings that hold brackets, commas, escaped quotes and backslashes, which must not be
    /// taken for the array's structure.
    static func event(_ n: Int) -> String {
        #"{"event_type":"custom.n","trace_id":"6f1c0000-0000-4000-8000-000000000001","payload":{"n":\#(n),"text":"a, b] } [{ \"q\" \\","list":[1,{"x":"]"}],"é":"ü"}}"#
    }

    static let body = Array(("  [\n" + (0..<4).map(event).joined(separator: " ,\r\n") + "\n]\n").utf8)

    static func parse(_ body: [UInt8], cuts: [Int]) throws -> [EventDraft] {
        var parser = EventBody.ArrayParser(defaultTimestampMs: 7)
        var start = 0
        for cut in cuts + [body.count] {
            try body[start..<cut].withUnsafeBytes { try parser.consume($0) }
            start = cut
        }
        return try parser.finish()
    }

    @Test func chunksCutAnywhereParseLikeTheWholeBody() throws {
        let whole = try EventBody.parse(Self.body, format: .json, defaultTimestampMs: 7)
        #expect(whole.count == 4)
        #expect(String(decoding: whole[2].payload, as: UTF8.self).contains(#""n":2"#))
        #expect(whole.allSatisfy { $0.timestampMs == 7 })
        for cut in 0...Self.body.count {
            #expect(try Self.parse(Self.body, cuts: [cut]).map(\.payload) == whole.map(\.payload), "cut at \(cut)")
        }
        #expect(try Self.parse(Self.body, cuts: Array(1..<Self.body.count)).map(\.payload) == whole.map(\.payload))
        var generator = SystemRandomNumberGenerator()
        let seed = UInt64.random(in: 0...UInt64.max, using: &generator)
        print("EventBodyArrayTests seed \(seed)")
        var random = SplitMix64(seed: seed)
        for _ in 0..<50 {
            let cuts = (0..<Int.random(in: 1...8, using: &random)).map { _ in Int.random(in: 0...Self.body.count, using: &random) }.sorted()
            #expect(try Self.parse(Self.body, cuts: cuts).map(\.payload) == whole.map(\.payload), "seed \(seed), cuts \(cuts)")
        }
    }

    @Test func onlyTheUnfinishedEventIsKept() throws {
        let events = (0..<1_000).map(Self.event)
        let body = Array(("[" + events.joined(separator: ",") + "]").utf8)
        let largest = events.map(\.utf8.count).max()!
        var parser = EventBody.ArrayParser(defaultTimestampMs: 7)
        var start = 0
        while start < body.count {
            let end = min(start + 1_000, body.count)
            try body[start..<end].withUnsafeBytes { try parser.consume($0) }
            #expect(parser.keptBytes <= largest)
            start = end
        }
        #expect(try parser.finish().count == 1_000)
    }

    @Test func oneEventObjectAndAnEmptyArrayAreBodiesToo() throws {
        let one = try Self.parse(Array(("\n" + Self.event(9)).utf8), cuts: [20])
        #expect(one.count == 1)
        #expect(try Self.parse(Array(" [ ] ".utf8), cuts: [2]).isEmpty)
    }

    @Test(arguments: [
        ("", "is empty"),
        ("   ", "is empty"),
        ("5", "expected a JSON array, found '5' at byte 0"),
        ("[E", "the array is not closed"),
        ("[", "the array is not closed"),
        ("[E,]", "expected a value, found ']'"),
        ("[,E]", "expected a value, found ','"),
        ("[E E]", "expected ',' or ']' after an array element, found '{'"),
        ("[E] x", "unexpected 'x' after JSON value"),
        ("[tru]", "element 0 is not a JSON value"),
    ])
    func aBodyThatIsNotAnArrayOfEventsIsRefusedWithWhere(body: String, reason: String) {
        let text = body.replacingOccurrences(of: "E", with: Self.event(0))
        let error = #expect(throws: LogbookError.self) { try EventBody.parse(Array(text.utf8), format: .json, defaultTimestampMs: 7) }
        #expect(error?.code == .invalidEvent)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("nothing was written") == true)
    }

    @Test(arguments: [
        (#"[E, 5]"#, 1, "got number"),
        (#"[E, E, "a, b"]"#, 2, "got string"),
        (#"[[E]]"#, 0, "got array"),
        (#"[E, {"event_type":"custom.n","payload":{}}]"#, 1, "trace_id"),
    ])
    func anElementThatIsNotAnEventIsNamedByItsIndex(body: String, index: Int, reason: String) {
        let text = body.replacingOccurrences(of: "E", with: Self.event(0))
        let error = #expect(throws: LogbookError.self) { try EventBody.parse(Array(text.utf8), format: .json, defaultTimestampMs: 7) }
        #expect(error?.event == EventLocation(index: index))
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    }
}
