import LogbookJSON
import LogbookWorkload
import Testing

@Suite("EnvelopeScanner")
struct EnvelopeScannerTests {
    func scan(_ line: String, maxDepth: Int = JSONScanner.defaultMaxDepth) throws(EnvelopeError) -> JSONLineEnvelope {
        try EnvelopeScanner.scan(Array(line.utf8), maxDepth: maxDepth)
    }

    func error(_ line: String, maxDepth: Int = JSONScanner.defaultMaxDepth) -> EnvelopeError? {
        do {
            _ = try scan(line, maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }

    static let payload = #"{"tool": "grep", "args": ["-r", "x"], "ok": true}"#
    static let fullLine = #"{"id":"evt-1","event_type":"tool_call","session_id":"s-1","trace_id":"t-1","user_id":"u-1","agent_id":"a-1","timestamp_ms":1700000000123,"payload": "# + payload + "}\n"

    @Test func extractsEveryField() throws {
        let line = Array(Self.fullLine.utf8)
        let envelope = try EnvelopeScanner.scan(line)
        #expect(envelope.id == "evt-1")
        #expect(envelope.eventType == "tool_call")
        #expect(envelope.sessionID == "s-1")
        #expect(envelope.traceID == "t-1")
        #expect(envelope.userID == "u-1")
        #expect(envelope.agentID == "a-1")
        #expect(envelope.timestampMs == 1_700_000_000_123)
        #expect(envelope.payloadKind == .object)
        let range = try #require(envelope.payload)
        #expect(String(decoding: line[range], as: UTF8.self) == Self.payload)
        let fromBuffer = try line.withUnsafeBytes { try EnvelopeScanner.scan($0) }
        #expect(fromBuffer == envelope)
    }

    @Test func absentAndNullFieldsAreNil() throws {
        #expect(try scan("{}") == JSONLineEnvelope())
        #expect(try scan(" { } \r\n") == JSONLineEnvelope())
        let nulls = try scan(#"{"id":null,"event_type":null,"session_id":null,"trace_id":null,"user_id":null,"agent_id":null,"timestamp_ms":null}"#)
        #expect(nulls == JSONLineEnvelope())
    }

    @Test(arguments: ["\n", "\r\n", " \t\n", ""])
    func trailingLineEndingsAccepted(ending: String) throws {
        let envelope = try scan("  {\"id\": \"x\", \"payload\": [1]}" + ending)
        #expect(envelope.id == "x")
        #expect(envelope.payload == 25..<28)
        #expect(envelope.payloadKind == .array)
    }

    @Test(arguments: [("null", JSONValueKind.null), ("\"text\"", .string), ("-1.5e3", .number), ("[]", .array), ("false", .bool)])
    func payloadOfAnyKindIsRecorded(value: String, kind: JSONValueKind) throws {
        let envelope = try scan("{\"payload\":" + value + " }")
        #expect(envelope.payloadKind == kind)
        #expect(envelope.payload == 11..<(11 + value.utf8.count))
    }

    @Test func storeAssignedFieldsAreIgnored() throws {
        let envelope = try scan(#"{"position": 17, "session_seq": {"any": [1, "value"]}, "recorded_at_ms": "x", "id": "e"}"#)
        var expected = JSONLineEnvelope()
        expected.id = "e"
        #expect(envelope == expected)
        #expect(error(#"{"session_seq": [1,]}"#) == EnvelopeError(field: "session_seq", offset: 18, message: "not valid JSON: trailing comma in array"))
    }

    @Test func escapedStringsDecode() throws {
        let envelope = try scan(#"{"id":"caf\u00e9","event_type":"\uD83D\uDE00 \ud83d\ude00","session_id":"a\nb\t\"q\" \\ \/ \b\f\r","trace_id":"\u0000x","user_id":"né 中"}"#)
        #expect(envelope.id == "café")
        #expect(envelope.eventType == "😀 😀")
        #expect(envelope.sessionID == "a\nb\t\"q\" \\ / \u{8}\u{C}\r")
        #expect(envelope.traceID == "\u{0}x")
        #expect(envelope.userID == "né 中")
    }

    @Test func escapedKeysAreMatchedDecoded() throws {
        #expect(try scan(#"{"\u0069d":"x"}"#).id == "x")
        #expect(error(#"{"id":"x","i\u0064":"y"}"#) == EnvelopeError(field: "id", offset: 10, message: "duplicate field 'id'"))
        #expect(error(#"{"\u00e9":1}"#) == EnvelopeError(field: "é", offset: 1, message: "unknown field 'é'"))
    }

    // MARK: Errors

    @Test(arguments: [
        ("[1]", 0, "expected a JSON object, got an array"),
        ("  \"id\"\n", 2, "expected a JSON object, got a string"),
        ("42", 0, "expected a JSON object, got a number"),
        ("null", 0, "expected a JSON object, got null"),
        ("", 0, "not valid JSON: expected a JSON value, found end of input"),
        ("\r\n", 2, "not valid JSON: expected a JSON value, found end of input"),
        ("[1,", 3, "not valid JSON: expected a JSON value, found end of input"),
        ("{\"id\":\"x\"", 9, "not valid JSON: expected ',' or '}' in object, found end of input"),
        ("{\"id\":\"x\",}", 9, "not valid JSON: trailing comma in object"),
        ("{\"id\" \"x\"}", 6, "not valid JSON: expected ':' after object key"),
        ("{\"id\":\"x\"} {}", 11, "not valid JSON: unexpected '{' after JSON value"),
        ("{\"id\":\"x\"}\n\n{", 12, "not valid JSON: unexpected '{' after JSON value"),
        ("{id:1}", 1, "not valid JSON: expected string key in object, found 'i'"),
        ("{\"payl\u{0}oad\":1}", 6, "not valid JSON: unescaped control character 0x00 in string"),
    ])
    func lineLevelErrorsHaveNoField(line: String, offset: Int, message: String) {
        #expect(error(line) == EnvelopeError(field: nil, offset: offset, message: message))
    }

    @Test(arguments: ["id", "event_type", "session_id", "trace_id", "user_id", "agent_id"])
    func stringFieldsRejectOtherTypes(field: String) {
        for (value, kind) in [("1", "a number"), ("true", "a boolean"), ("{}", "an object"), ("[\"x\"]", "an array")] {
            let line = "{\"\(field)\": \(value)}"
            let offset = field.utf8.count + 5
            #expect(error(line) == EnvelopeError(field: field, offset: offset, message: "expected a string or null, got \(kind)"))
        }
        #expect(error("{\"\(field)\": \"unterminated}")?.field == field)
        #expect(error("{\"\(field)\": nul}") == EnvelopeError(field: field, offset: field.utf8.count + 5, message: "not valid JSON: invalid literal, expected 'null'"))
    }

    @Test(arguments: [
        ("0", 0), ("-0", 0), ("1700000000000", 1_700_000_000_000), ("9223372036854775807", .max),
        ("-9223372036854775808", .min), ("-42", -42),
    ] as [(String, Int64)])
    func timestampIntegers(text: String, value: Int64) throws {
        #expect(try scan("{\"timestamp_ms\":\(text)}").timestampMs == value)
    }

    @Test(arguments: [
        ("1.5", "expected an integer, got a fractional number"),
        ("1.0", "expected an integer, got a fractional number"),
        ("1e3", "expected an integer, got a number with an exponent"),
        ("-2E+0", "expected an integer, got a number with an exponent"),
        ("9223372036854775808", "integer does not fit in 64 bits"),
        ("-9223372036854775809", "integer does not fit in 64 bits"),
        ("123456789012345678901234567890", "integer does not fit in 64 bits"),
        ("\"1700000000000\"", "expected an integer, got a string"),
        ("true", "expected an integer, got a boolean"),
        ("{}", "expected an integer, got an object"),
        ("01", "not valid JSON: leading zero in number"),
    ])
    func timestampRejects(text: String, message: String) {
        #expect(error("{\"timestamp_ms\": \(text)}") == EnvelopeError(field: "timestamp_ms", offset: 17, message: message))
    }

    @Test func unknownFieldsAreNamed() throws {
        let failure = try #require(error(#"{"id":"x","sesion_id":"s"}"#))
        #expect(failure == EnvelopeError(field: "sesion_id", offset: 10, message: "unknown field 'sesion_id'"))
        #expect(failure.description == "unknown field 'sesion_id' (byte 10)")
        for key in ["", "ID", "payloads", "payloa", "timestamp", "session", "positio", "session_sequ", "xd"] {
            #expect(error("{\"\(key)\":1}")?.message == "unknown field '\(key)'")
        }
    }

    @Test func duplicateKeysAreNamed() {
        #expect(error(#"{"id":"a","id":"b"}"#) == EnvelopeError(field: "id", offset: 10, message: "duplicate field 'id'"))
        #expect(error(#"{"id":null,"id":"b"}"#)?.field == "id")
        #expect(error(#"{"payload":{},"position":1,"payload":{}}"#) == EnvelopeError(field: "payload", offset: 27, message: "duplicate field 'payload'"))
        #expect(error(#"{"position":1,"position":2}"#)?.field == "position")
    }

    @Test func malformedPayloadPointsIntoTheLine() {
        let line = #"{"id":"x","payload":{"a":[1,2,]}}"#
        #expect(error(line) == EnvelopeError(field: "payload", offset: 29, message: "not valid JSON: trailing comma in array"))
        #expect(error(#"{"payload":{"a":"\uD800"}}"#) == EnvelopeError(field: "payload", offset: 17, message: "not valid JSON: lone surrogate \\uD800"))
        #expect(error("{\"payload\":\"abc") == EnvelopeError(field: "payload", offset: 11, message: "not valid JSON: unterminated string"))
        let invalidUTF8 = Array("{\"payload\":\"ab".utf8) + [0xC0, 0x80] + Array("\"}".utf8)
        #expect(throws: EnvelopeError(field: "payload", offset: 14, message: "not valid JSON: overlong UTF-8 sequence")) {
            try EnvelopeScanner.scan(invalidUTF8)
        }
    }

    @Test func depthCountsTheEnvelopeObject() {
        let ok = "{\"payload\":" + JSONScannerTests.nested(511) + "}"
        #expect(error(ok) == nil)
        let tooDeep = "{\"payload\":" + JSONScannerTests.nested(512) + "}"
        #expect(error(tooDeep) == EnvelopeError(field: "payload", offset: 11 + 511, message: "not valid JSON: nesting deeper than 512 levels"))
        #expect(error("{\"payload\":" + String(repeating: "[", count: 100_000))?.message == "not valid JSON: nesting deeper than 512 levels")
        #expect(error("{\"payload\":[[1]]}", maxDepth: 2)?.offset == 12)
        #expect(error("{}", maxDepth: 0) == EnvelopeError(field: nil, offset: 0, message: "not valid JSON: nesting deeper than 0 levels"))
    }

    @Test func descriptions() {
        #expect(EnvelopeError(field: "timestamp_ms", offset: 57, message: "expected an integer, got a string").description
            == "field 'timestamp_ms': expected an integer, got a string (byte 57)")
        #expect(EnvelopeError(field: nil, offset: 12, message: "not valid JSON: unterminated string").description
            == "not valid JSON: unterminated string at byte 12")
        #expect(EnvelopeError(field: "id", offset: 30, message: "duplicate field 'id'").description == "duplicate field 'id' (byte 30)")
    }

    /// Wrapping random (often mutated) values as a payload must give the scanner's verdict, error
    /// offset and message: both run the same grammar over the same line.
    @Test func agreesWithJSONScannerOnRandomPayloads() throws {
        var rng = SplitMix64(seed: SplitMix64.seed(for: "agreesWithJSONScannerOnRandomPayloads"))
        for round in 0..<3_000 {
            var value: [UInt8] = []
            DocumentGenerator.appendValue(to: &value, depth: 0, using: &rng)
            if round % 2 == 1 { value = Mutation.apply(to: value, using: &rng) }
            let line = Array("{\"id\":\"e\",\"payload\":".utf8) + value + Array("}\n".utf8)
            let expected = syntaxError(line)
            switch Result(catching: { () throws(EnvelopeError) in try EnvelopeScanner.scan(line) }) {
            case .success(let envelope):
                #expect(expected == nil, "envelope accepted what the scanner rejects: \(line)")
                let range = try #require(envelope.payload)
                #expect(try JSONScanner.validate(Array(line[range])) == envelope.payloadKind)
                let whitespace: [UInt8] = [0x20, 0x09, 0x0A, 0x0D]
                #expect(!whitespace.contains(line[range.lowerBound]) && !whitespace.contains(line[range.upperBound - 1]))
            case .failure(let error) where error.message.hasPrefix("not valid JSON: "):
                #expect(error.offset == expected?.offset, "\(error) vs \(String(describing: expected)): \(line)")
                #expect(error.message == expected.map { "not valid JSON: \($0.message)" }, "\(line)")
            case .failure(let error):
                // The mutation closed the envelope early and a key of its own followed (unknown,
                // duplicate or mistyped); that is reported where it occurs, before any syntax error.
                #expect(error.field != nil && error.offset < (expected?.offset ?? .max), "\(error): \(line)")
            }
        }
    }
}
