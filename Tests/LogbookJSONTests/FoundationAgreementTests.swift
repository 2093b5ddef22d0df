import Foundation
import LogbookJSON
import LogbookWorkload
import Testing

/// Randomized agreement with `JSONSerialization` on valid documents and on mutated or truncated
/// variants of them. Foundation is the reference except where it departs from RFC 8259; each
/// departure found by experiment is listed in `KnownDeparture` and recognised precisely, so any
/// other disagreement fails the test.
@Suite("Agreement with Foundation")
struct FoundationAgreementTests {
    /// Where Foundation (swift-corelibs-foundation, Swift 6.3 on Linux) departs from RFC 8259.
    /// Lone-surrogate escapes and nesting beyond 512 levels are not departures: Foundation rejects
    /// both, as this scanner does.
    enum KnownDeparture: CaseIterable {
        /// Foundation accepts a trailing comma before ']' or '}' ("[1,]", "{\"a\":1,}"), which the
        /// RFC grammar forbids. Recognised when deleting the reported commas makes the text valid.
        case trailingComma
        /// Foundation rejects numbers outside Double's range ("1e400": "not representable"), which
        /// the RFC grammar allows. Recognised when the text holds a number literal whose Double
        /// value is infinite.
        case numberBeyondDouble
        /// Foundation guesses the encoding from NUL bytes and BOMs: it skips a UTF-8 BOM and reads
        /// text with NULs among its first bytes as UTF-16 or UTF-32 (so "1\u{0}" is the number 1).
        /// RFC 8259 requires UTF-8 without a BOM. Recognised by a BOM or a NUL in the first four bytes.
        case encodingDetection
    }

    @Test func randomDocumentsAndMutations() {
        var rng = SplitMix64(seed: SplitMix64.seed(for: "randomDocumentsAndMutations"))
        var departures: [KnownDeparture: Int] = [:]
        var checked = 0
        for _ in 0..<5_000 {
            var document: [UInt8] = []
            DocumentGenerator.appendValue(to: &document, depth: 0, using: &rng)
            #expect(syntaxError(document) == nil, "generated document rejected: \(String(decoding: document, as: UTF8.self))")
            var variants = [document]
            for _ in 0..<4 { variants.append(Mutation.apply(to: document, using: &rng)) }
            for variant in variants {
                checked += 1
                let ours = syntaxError(variant)
                let theirs = foundationAccepts(variant)
                guard (ours == nil) != theirs else { continue }
                if let departure = Self.departure(variant, ours: ours) {
                    departures[departure, default: 0] += 1
                } else {
                    Issue.record("""
                        disagreement: scanner \(ours.map { "rejects (\($0))" } ?? "accepts"), \
                        Foundation \(theirs ? "accepts" : "rejects"): \(Array(variant))
                        """)
                }
            }
        }
        print("Foundation agreement: \(checked) texts, known departures \(departures.map { "\($0.key): \($0.value)" }.sorted())")
    }

    /// The documented departures reproduced directly, so the list above stays true.
    @Test func knownDeparturesStillHold() {
        let cases: [(String, KnownDeparture)] = [
            ("[1,]", .trailingComma), ("{\"a\":1,}", .trailingComma), ("[[1,],]", .trailingComma),
            ("1e400", .numberBeyondDouble), ("[-1e400]", .numberBeyondDouble),
            ("\u{FEFF}{}", .encodingDetection), ("1\u{0}", .encodingDetection),
        ]
        for (text, expected) in cases {
            let bytes = Array(text.utf8)
            let ours = syntaxError(bytes)
            #expect((ours == nil) != foundationAccepts(bytes), "\(text.debugDescription) is no longer a departure")
            #expect(Self.departure(bytes, ours: ours) == expected, "\(text.debugDescription)")
        }
        // Not departures: Foundation agrees with the scanner on these.
        for text in ["\"\\uD800\"", "\"\\uDC00\"", "\"\\uD800\\u0041\"", JSONScannerTests.nested(513), "-", "01", "[1 2]"] {
            #expect(foundationAccepts(Array(text.utf8)) == false, "\(text.prefix(20))")
        }
        #expect(foundationAccepts(Array(JSONScannerTests.nested(512).utf8)))
    }

    /// Which known departure explains a disagreement, if any.
    static func departure(_ bytes: [UInt8], ours: JSONSyntaxError?) -> KnownDeparture? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.prefix(4).contains(0) { return .encodingDetection }
        guard let ours else {
            return containsNumberBeyondDouble(bytes) ? .numberBeyondDouble : nil
        }
        var withoutCommas = bytes
        var error: JSONSyntaxError? = ours
        while let trailing = error, trailing.message.hasPrefix("trailing comma") {
            withoutCommas.remove(at: trailing.offset)
            error = syntaxError(withoutCommas)
        }
        return error == nil && withoutCommas.count < bytes.count ? .trailingComma : nil
    }

    /// Whether valid JSON `bytes` hold a number literal that overflows Double.
    static func containsNumberBeyondDouble(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                while bytes[index] != UInt8(ascii: "\"") { index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1 }
                index += 1
            } else if byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                let start = index
                while index < bytes.count, "0123456789+-.eE".utf8.contains(bytes[index]) { index += 1 }
                if let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), value.isInfinite {
                    return true
                }
            } else {
                index += 1
            }
        }
        return false
    }
}

/// Random valid JSON with random whitespace, escapes, non-ASCII text and number shapes.
enum DocumentGenerator {
    static func appendValue(to out: inout [UInt8], depth: Int, using rng: inout SplitMix64) {
        appendWhitespace(to: &out, using: &rng)
        switch Int.random(in: 0..<(depth < 5 ? 8 : 5), using: &rng) {
        case 0: appendString(to: &out, using: &rng)
        case 1: appendNumber(to: &out, using: &rng)
        case 2: out += Array(["true", "false", "null"].randomElement(using: &rng)!.utf8)
        case 3, 4: appendString(to: &out, using: &rng)
        case 5: appendArray(to: &out, depth: depth, using: &rng)
        default: appendObject(to: &out, depth: depth, using: &rng)
        }
        appendWhitespace(to: &out, using: &rng)
    }

    static func appendArray(to out: inout [UInt8], depth: Int, using rng: inout SplitMix64) {
        out.append(UInt8(ascii: "["))
        let count = Int.random(in: 0...4, using: &rng)
        for index in 0..<count {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendValue(to: &out, depth: depth + 1, using: &rng)
        }
        if count == 0 { appendWhitespace(to: &out, using: &rng) }
        out.append(UInt8(ascii: "]"))
    }

    static func appendObject(to out: inout [UInt8], depth: Int, using rng: inout SplitMix64) {
        out.append(UInt8(ascii: "{"))
        let count = Int.random(in: 0...4, using: &rng)
        for index in 0..<count {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendWhitespace(to: &out, using: &rng)
            appendString(to: &out, using: &rng)
            appendWhitespace(to: &out, using: &rng)
            out.append(UInt8(ascii: ":"))
            appendValue(to: &out, depth: depth + 1, using: &rng)
        }
        if count == 0 { appendWhitespace(to: &out, using: &rng) }
        out.append(UInt8(ascii: "}"))
    }

    static let stringPieces: [String] = [
        "a", "b", "Z", "0", " ", "hello", "tool_call", "The quick brown fox jumps over", "-", ":", ",", "{", "]",
        "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0000", "\\u001F", "\\u00e9", "\\uFFFF",
        "\\uD83D\\uDE00", "\\udbff\\udfff", "é", "ß", "中文", "😀", "\u{7F}", "\u{FFFF}", "\u{10FFFF}", "\u{2028}",
    ]

    static func appendString(to out: inout [UInt8], using rng: inout SplitMix64) {
        out.append(UInt8(ascii: "\""))
        for _ in 0..<Int.random(in: 0...8, using: &rng) {
            out += Array(stringPieces.randomElement(using: &rng)!.utf8)
        }
        out.append(UInt8(ascii: "\""))
    }

    static func appendNumber(to out: inout [UInt8], using rng: inout SplitMix64) {
        var text = Bool.random(using: &rng) ? "-" : ""
        if Int.random(in: 0..<4, using: &rng) == 0 {
            text += "0"
        } else {
            text += String(Int.random(in: 1...9, using: &rng))
            for _ in 0..<Int.random(in: 0...(Bool.random(using: &rng) ? 3 : 25), using: &rng) {
                text += String(Int.random(in: 0...9, using: &rng))
            }
        }
        if Bool.random(using: &rng) {
            text += "." + String(Int.random(in: 0...99_999, using: &rng))
        }
        if Int.random(in: 0..<3, using: &rng) == 0 {
            text += ["e", "E"].randomElement(using: &rng)! + ["", "+", "-"].randomElement(using: &rng)!
            text += String(Int.random(in: 0...(Int.random(in: 0..<20, using: &rng) == 0 ? 999 : 30), using: &rng))
        }
        out += Array(text.utf8)
    }

    static func appendWhitespace(to out: inout [UInt8], using rng: inout SplitMix64) {
        guard Int.random(in: 0..<3, using: &rng) == 0 else { return }
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            out.append([0x20, 0x09, 0x0A, 0x0D].randomElement(using: &rng)!)
        }
    }
}

/// Single edits that turn valid JSON into near-misses: the cases where scanners disagree.
enum Mutation {
    static let interestingBytes: [UInt8] = Array("{}[],:\"\\ 0123456789-+.eEtfnux\n".utf8)
        + [0x00, 0x01, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]

    static func apply(to document: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = document
        let index = Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: bytes.removeSubrange(index...)
        case 5:
            // A comma before a closing bracket: the trailing-comma departure.
            if let closer = bytes[index...].firstIndex(where: { $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: "}") }) {
                bytes.insert(UInt8(ascii: ","), at: closer)
            }
        case 1: bytes.remove(at: index)
        case 2: bytes.insert(interestingBytes.randomElement(using: &rng)!, at: index)
        case 3: bytes[index] = interestingBytes.randomElement(using: &rng)!
        default:
            if index + 1 < bytes.count { bytes.swapAt(index, index + 1) }
        }
        return bytes
    }
}
