import Foundation
import Testing

@testable import LogbookWorkload

@Suite("JSONWriter")
struct JSONWriterTests {
    @Test func escapesPerRFC8259() throws {
        let tricky = "quote \" backslash \\ slash / tab \t newline \n return \r bell \u{07} nul \u{00} del \u{7F} é → 🚀"
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("s", Array(tricky.utf8))
        writer.endObject()
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text.contains(#"\u0007"#) && text.contains(#"\u0000"#) && text.contains(#"\t"#))
        let object = try #require(parse(text))
        #expect(object["s"] as? String == tricky)
    }

    @Test func writesNumbersUUIDsAndNesting() throws {
        var rng = Xoshiro256(seed: 1)
        let id = UUID128(&rng)
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("n", -1_234_567)
        writer.field("z", 0)
        writer.key("cost")
        writer.fixedPoint(4_213, scale: 6)
        writer.key("t")
        writer.fixedPoint(7, scale: 1)
        writer.key("u")
        writer.numberedString("user-", 42, width: 4)
        writer.field("id", id)
        writer.key("list")
        writer.beginArray()
        writer.bool(true)
        writer.beginObject()
        writer.endObject()
        writer.string("x")
        writer.endArray()
        writer.endObject()
        writer.endLine()
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"n":-1234567,"z":0,"cost":0.004213,"t":0.7,"u":"user-0042","id":""#))
        #expect(text.hasSuffix(#"","list":[true,{},"x"]}"# + "\n"))
        let object = try #require(parse(text))
        #expect(isUUIDv4(object["id"]))
    }
}
