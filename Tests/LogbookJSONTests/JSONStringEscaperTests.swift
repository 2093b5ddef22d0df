import Foundation
import LogbookJSON
import LogbookWorkload
import Testing

@Suite("JSONStringEscaper")
struct JSONStringEscaperTests {
    func escaped(_ string: String) -> String {
        var output: [UInt8] = []
        JSONStringEscaper.append(string, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @Test(arguments: [
        ("", #""""#),
        ("plain", #""plain""#),
        ("q\"b\\s/", #""q\"b\\s/""#),
        ("\n\t\r\u{8}\u{C}", #""\n\t\r\b\f""#),
        ("\u{0}\u{1}\u{1F}\u{7F}", #""\u0000\u0001\u001f\#u{7F}""#),
        ("café 中 😀 \u{2028}", "\"café 中 😀 \u{2028}\""),
    ])
    func exactOutput(input: String, expected: String) {
        #expect(escaped(input) == expected)
    }

    @Test func appendsToExistingBytes() {
        var output = Array("{\"id\":".utf8)
        JSONStringEscaper.append("a\"b", to: &output)
        #expect(String(decoding: output, as: UTF8.self) == #"{"id":"a\"b""#)
    }

    static let alphabet: [Character] = Array("aZ09 _-/\"\\{}:,") + (0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }
        + ["\u{7F}", "é", "ß", "中", "😀", "\u{2028}", "\u{FEFF}", "\u{FFFF}", "\u{10FFFF}", "e\u{301}"]

    /// Foundation departure found by experiment: it decodes the text between escapes as separate
    /// UTF-8 chunks and drops a U+FEFF that starts a chunk as if it were a byte order mark, so
    /// "\u{FEFF}a" and "\\n\u{FEFF}a" lose it while "a\u{FEFF}b" keeps it. The scalars Foundation
    /// returns for the escaped form of `string`:
    static func asFoundationDecodes(_ string: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        var startsChunk = true
        for scalar in string.unicodeScalars {
            if scalar == "\u{FEFF}", startsChunk {
                startsChunk = false
                continue
            }
            scalars.append(scalar)
            startsChunk = scalar.value < 0x20 || scalar == "\"" || scalar == "\\"
        }
        return scalars
    }

    @Test func foundationDropsChunkLeadingByteOrderMarks() throws {
        for text in ["\u{FEFF}a", "a\u{FEFF}b", "a\n\u{FEFF}b", "\u{FEFF}\u{FEFF}"] {
            var literal: [UInt8] = []
            JSONStringEscaper.append(text, to: &literal)
            let decoded = try JSONSerialization.jsonObject(with: Data(literal), options: [.fragmentsAllowed]) as? String
            #expect(decoded.map { Array($0.unicodeScalars) } == Self.asFoundationDecodes(text), "\(text.debugDescription)")
            let line = Array("{\"id\":".utf8) + literal + Array("}".utf8)
            #expect(try EnvelopeScanner.scan(line).id.map { Array($0.unicodeScalars) } == Array(text.unicodeScalars))
        }
    }

    /// Random strings survive escaping: our scanner accepts the literal, the envelope decoder reads
    /// back exactly the original, and so does Foundation apart from its byte-order-mark departure.
    @Test func roundTripsRandomStrings() throws {
        var rng = SplitMix64(seed: SplitMix64.seed(for: "roundTripsRandomStrings"))
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...(Bool.random(using: &rng) ? 8 : 80), using: &rng)
            let string = String((0..<length).map { _ in Self.alphabet.randomElement(using: &rng)! })
            var literal: [UInt8] = []
            JSONStringEscaper.append(string, to: &literal)

            #expect(try JSONScanner.validate(literal) == .string)
            let decoded = try JSONSerialization.jsonObject(with: Data(literal), options: [.fragmentsAllowed]) as? String
            #expect(decoded.map { Array($0.unicodeScalars) } == Self.asFoundationDecodes(string), "\(string.debugDescription)")
            let line = Array("{\"id\":".utf8) + literal + Array("}".utf8)
            #expect(try EnvelopeScanner.scan(line).id.map { Array($0.unicodeScalars) } == Array(string.unicodeScalars))
        }
    }
}
