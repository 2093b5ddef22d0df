import LogbookJSON
import Testing

/// Hand-written classic cases; each rejection also pins the error's offset so messages point at
/// the right byte.
@Suite("JSONScanner")
struct JSONScannerTests {
    @Test(arguments: [
        (" {\"a\": [1, 2]}\n", JSONValueKind.object), ("[]", .array), ("\"x\"", .string),
        ("\t-12.5e3\r\n", .number), ("true", .bool), ("false", .bool), ("null", .null),
    ])
    func reportsKind(text: String, kind: JSONValueKind) throws {
        #expect(try JSONScanner.validate(Array(text.utf8)) == kind)
    }

    @Test func bufferAndArrayEntryPointsAgree() throws {
        let text = Array("{\"k\": [true, null]}".utf8)
        let fromBuffer = try text.withUnsafeBytes { try JSONScanner.validate($0) }
        #expect(fromBuffer == (try JSONScanner.validate(text)))
        #expect(throws: JSONSyntaxError(offset: 0, message: "expected a JSON value, found end of input")) {
            try JSONScanner.validate(UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    // MARK: Nesting

    static func nested(_ depth: Int, open: String = "[", middle: String = "", close: String = "]") -> String {
        String(repeating: open, count: depth) + middle + String(repeating: close, count: depth)
    }

    @Test func hundredThousandOpeningBracketsFailCleanly() {
        let error = syntaxError(String(repeating: "[", count: 100_000))
        #expect(error == JSONSyntaxError(offset: 512, message: "nesting deeper than 512 levels"))
    }

    @Test func depthLimitIsInclusive() {
        #expect(syntaxError(Self.nested(512)) == nil)
        #expect(syntaxError(Self.nested(513))?.offset == 512)
        #expect(syntaxError(Self.nested(512, open: "{\"k\":", middle: "1", close: "}")) == nil)
        #expect(syntaxError(Self.nested(513, open: "{\"k\":", middle: "1", close: "}"))?.offset == 512 * 5)
        #expect(syntaxError(Self.nested(256, open: "[{\"k\":", middle: "1", close: "}]")) == nil)
        #expect(syntaxError(Self.nested(256, open: "[{\"k\":", middle: "[]", close: "}]"))?.offset == 1536)
    }

    @Test func customDepthLimits() {
        #expect(syntaxError("[[]]", maxDepth: 1) == JSONSyntaxError(offset: 1, message: "nesting deeper than 1 levels"))
        #expect(syntaxError("[]", maxDepth: 0)?.offset == 0)
        #expect(syntaxError("\"scalars need no depth\"", maxDepth: 0) == nil)
        // Non-recursive: a limit far beyond any call stack is fine.
        #expect(syntaxError(Self.nested(100_000), maxDepth: .max) == nil)
        #expect(syntaxError(Self.nested(70_000) + "]", maxDepth: .max)?.offset == 140_000)
    }

    @Test func mismatchedBrackets() {
        #expect(syntaxError("[1}") == JSONSyntaxError(offset: 2, message: "expected ',' or ']' in array, found '}'"))
        #expect(syntaxError("{\"a\":1]") == JSONSyntaxError(offset: 6, message: "expected ',' or '}' in object, found ']'"))
        #expect(syntaxError("[[[]]") == JSONSyntaxError(offset: 5, message: "expected ',' or ']' in array, found end of input"))
        #expect(syntaxError("[]]") == JSONSyntaxError(offset: 2, message: "unexpected ']' after JSON value"))
    }

    // MARK: Strings

    @Test(arguments: [
        ("\"\\x\"", 1, "invalid escape \\x"),
        ("\"\\a\"", 1, "invalid escape \\a"),
        ("\"\\'\"", 1, "invalid escape \\'"),
        ("\"ab\\\u{01}\"", 3, "invalid escape \\ followed by byte 0x01"),
        ("\"\\u12\"", 1, "invalid \\u escape, expected 4 hex digits"),
        ("\"\\uZZZZ\"", 1, "invalid \\u escape, expected 4 hex digits"),
        ("\"\\U0041\"", 1, "invalid escape \\U"),
        ("\"\\", 0, "unterminated string"),
        ("\"\\u00", 0, "unterminated string"),
        ("\"abc", 0, "unterminated string"),
        ("[\"a\", \"b]", 6, "unterminated string"),
    ])
    func badEscapesAndUnterminatedStrings(text: String, offset: Int, message: String) {
        #expect(syntaxError(text) == JSONSyntaxError(offset: offset, message: message))
    }

    @Test(arguments: [
        ("\"\\uD800\"", 1, "lone surrogate \\uD800"),           // high alone
        ("\"ab\\uDC00\"", 3, "lone surrogate \\uDC00"),         // low alone
        ("\"\\uD800\\u0041\"", 1, "lone surrogate \\uD800"),    // high followed by non-surrogate
        ("\"\\uD800\\uD800\"", 1, "lone surrogate \\uD800"),    // high followed by high
        ("\"\\uD800x\"", 1, "lone surrogate \\uD800"),          // high followed by plain text
        ("\"\\uDBFF\\n\"", 1, "lone surrogate \\uDBFF"),        // high followed by another escape
        ("\"\\uDC00\\uD800\"", 1, "lone surrogate \\uDC00"),    // inverted pair
    ])
    func loneSurrogates(text: String, offset: Int, message: String) {
        #expect(syntaxError(text) == JSONSyntaxError(offset: offset, message: message))
    }

    @Test func validEscapes() {
        #expect(syntaxError(#""\" \\ \/ \b \f \n \r \t \u0000 \u00e9 \uFFFF \uD834\uDD1E \udbff\udfff""#) == nil)
    }

    @Test func controlCharactersMustBeEscaped() {
        for byte in UInt8(0)..<0x20 {
            #expect(syntaxError([0x22, 0x61, byte, 0x22]) == JSONSyntaxError(
                offset: 2, message: "unescaped control character 0x\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16, uppercase: true)) in string"))
        }
        #expect(syntaxError([0x22, 0x7F, 0x22]) == nil)  // DEL is not a control character in JSON
    }

    @Test(arguments: [
        ([0xFF], "invalid UTF-8 byte 0xFF"),
        ([0xF5, 0x80, 0x80, 0x80], "invalid UTF-8 byte 0xF5"),
        ([0xC0, 0x80], "overlong UTF-8 sequence"),
        ([0xC1, 0xBF], "overlong UTF-8 sequence"),
        ([0xE0, 0x80, 0x80], "overlong UTF-8 sequence"),
        ([0xF0, 0x8F, 0xBF, 0xBF], "overlong UTF-8 sequence"),
        ([0xE2, 0x82], "truncated UTF-8 sequence"),
        ([0xF0, 0x9F, 0x98], "truncated UTF-8 sequence"),
        ([0xE2, 0x41, 0x41], "truncated UTF-8 sequence"),
        ([0xED, 0xA0, 0x80], "UTF-8-encoded surrogate"),
        ([0xED, 0xBF, 0xBF], "UTF-8-encoded surrogate"),
        ([0xF4, 0x90, 0x80, 0x80], "UTF-8 sequence above U+10FFFF"),
        ([0x80], "unexpected UTF-8 continuation byte 0x80"),
        ([0xBF], "unexpected UTF-8 continuation byte 0xBF"),
    ] as [([UInt8], String)])
    func invalidUTF8(sequence: [UInt8], message: String) {
        // Put the bad sequence after enough ASCII that the word-at-a-time path finds it too.
        let text = Array("[\"0123456789".utf8) + sequence + Array("abcdefgh\"]".utf8)
        #expect(syntaxError(text) == JSONSyntaxError(offset: 12, message: message))
        #expect(syntaxError([0x22] + sequence + [0x22]) == JSONSyntaxError(offset: 1, message: message))
    }

    @Test func validUTF8Boundaries() {
        let boundaries: [[UInt8]] = [
            [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
            [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
        ]
        for sequence in boundaries {
            #expect(syntaxError([0x22] + sequence + [0x22]) == nil, "\(sequence)")
        }
        #expect(syntaxError("\"héllo 世界 😀, plain ascii after the emoji\"") == nil)
    }

    @Test func specialBytesAtEveryWordPosition() {
        // The SWAR path reads eight bytes at once; check each lane and the byte-wise tail.
        for position in 0..<20 {
            let prefix = String(repeating: "a", count: position)
            #expect(syntaxError("\"\(prefix)\"") == nil)
            #expect(syntaxError("\"\(prefix)\\n\(prefix)\"") == nil)
            #expect(syntaxError("\"\(prefix)é\(prefix)\"") == nil)
            #expect(syntaxError("\"\(prefix)\n\"")?.offset == 1 + position)
            #expect(syntaxError("\"\(prefix)")?.message == "unterminated string")
        }
    }

    // MARK: Structure

    @Test(arguments: [
        ("[1,]", 2, "trailing comma in array"),
        ("[1, 2 ,\n]", 6, "trailing comma in array"),
        ("{\"a\":1,}", 6, "trailing comma in object"),
        ("{\"a\":1 , }", 7, "trailing comma in object"),
        ("[1,,2]", 3, "expected a JSON value, found ','"),
        ("[,1]", 1, "expected a JSON value, found ','"),
        ("{,}", 1, "expected string key in object, found ','"),
        ("{\"a\" 1}", 5, "expected ':' after object key"),
        ("{\"a\":}", 5, "expected a JSON value, found '}'"),
        ("{1:2}", 1, "expected string key in object, found '1'"),
        ("[1 2]", 3, "expected ',' or ']' in array, found '2'"),
    ])
    func structuralErrors(text: String, offset: Int, message: String) {
        #expect(syntaxError(text) == JSONSyntaxError(offset: offset, message: message))
    }

    @Test(arguments: ["", " ", "\n\r\t ", "\u{FEFF}{}", "\u{0C}1", "\u{A0}1", "[1]\u{0}", "1 2", "{} x", "truex", "nul", "True"])
    func rejectsEmptyAndNonJSONWhitespace(text: String) {
        #expect(syntaxError(text) != nil)
    }

    // MARK: Numbers

    @Test(arguments: [
        "0", "-0", "1e5", "1E+5", "0.5e-3", "-1.25E-10", "10", "1e400", "-1e-400",
        "123456789012345678901234567890", "-9223372036854775809", "0e0", "[0,-0.0,1]",
    ])
    func acceptsNumber(text: String) {
        #expect(syntaxError(text) == nil)
    }

    @Test(arguments: [
        ("01", 0, "leading zero in number"),
        ("-01", 1, "leading zero in number"),
        ("[00]", 1, "leading zero in number"),
        ("+1", 0, "expected a JSON value, found '+'"),
        (".5", 0, "expected a JSON value, found '.'"),
        ("1.", 2, "expected digit after '.', found end of input"),
        ("1.e5", 2, "expected digit after '.', found 'e'"),
        ("1e", 2, "expected digit in exponent, found end of input"),
        ("1e+", 3, "expected digit in exponent, found end of input"),
        ("[1E-]", 4, "expected digit in exponent, found ']'"),
        ("-", 1, "expected digit after '-', found end of input"),
        ("-Infinity", 1, "expected digit after '-', found 'I'"),
        ("NaN", 0, "expected a JSON value, found 'N'"),
        ("Infinity", 0, "expected a JSON value, found 'I'"),
        ("0x10", 1, "unexpected 'x' after JSON value"),
        ("1.5.2", 3, "unexpected '.' after JSON value"),
    ])
    func rejectsNumber(text: String, offset: Int, message: String) {
        #expect(syntaxError(text) == JSONSyntaxError(offset: offset, message: message))
    }

    @Test func literals() {
        #expect(syntaxError("[tru]") == JSONSyntaxError(offset: 1, message: "invalid literal, expected 'true'"))
        #expect(syntaxError("fals") == JSONSyntaxError(offset: 0, message: "invalid literal, expected 'false'"))
        #expect(syntaxError("nulL") == JSONSyntaxError(offset: 0, message: "invalid literal, expected 'null'"))
    }

    @Test func descriptionNamesOffset() {
        #expect(JSONSyntaxError(offset: 12, message: "unterminated string").description == "unterminated string at byte 12")
    }
}
