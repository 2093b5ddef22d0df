/// Extracts the envelope of one event from one JSONL line while validating the whole line, so
/// ingest reads each byte once and never builds a Foundation object tree.
public enum EnvelopeScanner {
    /// Scans one JSONL line: a JSON object, optionally surrounded by whitespace (so a trailing
    /// "\n" or "\r\n" is fine), validated with the same rules and `maxDepth` as `JSONScanner`.
    ///
    /// - "id", "event_type", "session_id", "trace_id", "user_id", "agent_id": a string (escapes
    ///   decoded) or null (absent).
    /// - "timestamp_ms": an integer fitting `Int64` (no fraction, no exponent) or null (absent).
    /// - "payload": any value; its byte range and kind are recorded.
    /// - "position", "session_seq", "recorded_at_ms": assigned by the store; any value is accepted
    ///   and ignored, so the output of `read` can be re-ingested.
    ///
    /// Any other key, a duplicate key, or a value of the wrong type is an error naming the key; a
    /// line that is not an object is an error with no field.
    public static func scan(
        _ line: UnsafeRawBufferPointer, maxDepth: Int = JSONScanner.defaultMaxDepth
    ) throws(EnvelopeError) -> JSONLineEnvelope {
        var cursor = JSONCursor(line)
        var envelope = JSONLineEnvelope()
        cursor.skipWhitespace()
        guard !cursor.isAtEnd, line[cursor.position] == UInt8(ascii: "{") else {
            throw notAnObject(line, at: cursor.position, maxDepth: maxDepth)
        }
        guard maxDepth >= 1 else { throw invalidJSON(cursor.nestingTooDeep(maxDepth), field: nil) }
        cursor.position += 1
        cursor.skipWhitespace()
        if !cursor.isAtEnd, line[cursor.position] == UInt8(ascii: "}") {
            cursor.position += 1
        } else {
            var seen: UInt16 = 0
            repeat {
                let field = try scanKey(&cursor, seen: seen)
                seen |= field.bit
                try scanValue(of: field, &cursor, into: &envelope, maxDepth: maxDepth)
            } while try attributed(to: nil, { () throws(JSONSyntaxError) in try cursor.scanSeparator(inObject: true) })
        }
        cursor.skipWhitespace()
        guard cursor.isAtEnd else {
            throw EnvelopeError(
                field: nil, offset: cursor.position,
                message: "not valid JSON: unexpected \(cursor.describe(at: cursor.position)) after JSON value")
        }
        return envelope
    }

    /// Convenience for callers holding an array.
    public static func scan(
        _ line: [UInt8], maxDepth: Int = JSONScanner.defaultMaxDepth
    ) throws(EnvelopeError) -> JSONLineEnvelope {
        // `withUnsafeBytes` only rethrows untyped errors, so the typed error travels in a Result.
        try line.withUnsafeBytes { buffer in
            Result { () throws(EnvelopeError) in try scan(buffer, maxDepth: maxDepth) }
        }.get()
    }

    /// Scans a key and its ':'; rejects keys that are unknown or already seen.
    private static func scanKey(_ cursor: inout JSONCursor, seen: UInt16) throws(EnvelopeError) -> EnvelopeField {
        let start = cursor.position
        let hasEscapes = try attributed(to: nil, { () throws(JSONSyntaxError) in try cursor.scanKey() })
        let content = start + 1..<cursor.position - 1
        let match: EnvelopeField?
        if hasEscapes {
            var decoded = cursor.decodeString(content, hasEscapes: true)
            match = decoded.withUTF8 { EnvelopeField(key: UnsafeRawBufferPointer($0)) }
        } else {
            match = EnvelopeField(key: UnsafeRawBufferPointer(rebasing: cursor.bytes[content]))
        }
        guard let field = match else {
            let name = cursor.decodeString(content, hasEscapes: hasEscapes)
            throw EnvelopeError(field: name, offset: start, message: "unknown field '\(name)'")
        }
        guard seen & field.bit == 0 else {
            throw EnvelopeError(field: "\(field.name)", offset: start, message: "duplicate field '\(field.name)'")
        }
        try attributed(to: nil, { () throws(JSONSyntaxError) in try cursor.expectColon() })
        return field
    }

    private static func scanValue(
        of field: EnvelopeField, _ cursor: inout JSONCursor, into envelope: inout JSONLineEnvelope, maxDepth: Int
    ) throws(EnvelopeError) {
        switch field {
        case .id: envelope.id = try scanOptionalString(field, &cursor, maxDepth: maxDepth)
        case .eventType: envelope.eventType = try scanOptionalString(field, &cursor, maxDepth: maxDepth)
        case .sessionID: envelope.sessionID = try scanOptionalString(field, &cursor, maxDepth: maxDepth)
        case .traceID: envelope.traceID = try scanOptionalString(field, &cursor, maxDepth: maxDepth)
        case .userID: envelope.userID = try scanOptionalString(field, &cursor, maxDepth: maxDepth)
        case .agentID: envelope.agentID = try scanOptionalString(field, &cursor, maxDepth: maxDepth)
        case .timestampMs: envelope.timestampMs = try scanOptionalInteger(field, &cursor, maxDepth: maxDepth)
        case .payload:
            let start = cursor.position
            if !cursor.isAtEnd, cursor.bytes[start] == UInt8(ascii: "{") {
                // The object's members are listed in the same pass, for the catalogue check.
                envelope.payloadMembers = try attributed(to: field, { () throws(JSONSyntaxError) in
                    try cursor.scanObjectMembers(enclosingDepth: 1, maxDepth: maxDepth)
                })
                envelope.payloadKind = .object
            } else {
                envelope.payloadKind = try scanAnyValue(field, &cursor, maxDepth: maxDepth)
            }
            envelope.payload = start..<cursor.position
        case .position, .sessionSeq, .recordedAtMs:
            _ = try scanAnyValue(field, &cursor, maxDepth: maxDepth)
        }
    }

    /// Validates any value inside the top-level object (which counts as one level of nesting).
    private static func scanAnyValue(
        _ field: EnvelopeField, _ cursor: inout JSONCursor, maxDepth: Int
    ) throws(EnvelopeError) -> JSONValueKind {
        try attributed(to: field, { () throws(JSONSyntaxError) in
            try cursor.scanValue(enclosingDepth: 1, maxDepth: maxDepth)
        })
    }

    private static func scanOptionalString(
        _ field: EnvelopeField, _ cursor: inout JSONCursor, maxDepth: Int
    ) throws(EnvelopeError) -> String? {
        let start = cursor.position
        guard !cursor.isAtEnd, cursor.bytes[start] == UInt8(ascii: "\"") else {
            let kind = try scanAnyValue(field, &cursor, maxDepth: maxDepth)
            guard kind == .null else { throw wrongType(field, expected: "a string or null", got: kind, at: start) }
            return nil
        }
        let hasEscapes = try attributed(to: field, { () throws(JSONSyntaxError) in try cursor.scanString() })
        return cursor.decodeString(start + 1..<cursor.position - 1, hasEscapes: hasEscapes)
    }

    private static func scanOptionalInteger(
        _ field: EnvelopeField, _ cursor: inout JSONCursor, maxDepth: Int
    ) throws(EnvelopeError) -> Int64? {
        let start = cursor.position
        guard !cursor.isAtEnd,
              cursor.bytes[start] == UInt8(ascii: "-") || JSONCursor.isDigit(cursor.bytes[start])
        else {
            let kind = try scanAnyValue(field, &cursor, maxDepth: maxDepth)
            guard kind == .null else { throw wrongType(field, expected: "an integer", got: kind, at: start) }
            return nil
        }
        let isInteger = try attributed(to: field, { () throws(JSONSyntaxError) in try cursor.scanNumber() })
        let number = UnsafeRawBufferPointer(rebasing: cursor.bytes[start..<cursor.position])
        guard isInteger else {
            let shape = number.contains(UInt8(ascii: ".")) ? "a fractional number" : "a number with an exponent"
            throw EnvelopeError(field: "\(field.name)", offset: start, message: "expected an integer, got \(shape)")
        }
        guard let value = parseInt64(number) else {
            throw EnvelopeError(field: "\(field.name)", offset: start, message: "integer does not fit in 64 bits")
        }
        return value
    }

    /// Parses an integer already checked against the JSON grammar; nil on overflow. Negative
    /// numbers accumulate downwards so `Int64.min` is reachable.
    private static func parseInt64(_ number: UnsafeRawBufferPointer) -> Int64? {
        let negative = number[0] == UInt8(ascii: "-")
        var value: Int64 = 0
        for digit in number.dropFirst(negative ? 1 : 0) {
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let delta = Int64(digit &- UInt8(ascii: "0"))
            let (next, overflowB) = negative
                ? shifted.subtractingReportingOverflow(delta)
                : shifted.addingReportingOverflow(delta)
            guard !overflowA, !overflowB else { return nil }
            value = next
        }
        return value
    }

    /// Runs one grammar step, reporting its syntax error as an envelope error about `field`.
    @inline(__always)
    private static func attributed<T>(
        to field: EnvelopeField?, _ step: () throws(JSONSyntaxError) -> T
    ) throws(EnvelopeError) -> T {
        do throws(JSONSyntaxError) {
            return try step()
        } catch {
            throw invalidJSON(error, field: field.map { "\($0.name)" })
        }
    }

    private static func invalidJSON(_ error: JSONSyntaxError, field: String?) -> EnvelopeError {
        EnvelopeError(field: field, offset: error.offset, message: "not valid JSON: \(error.message)")
    }

    private static func wrongType(
        _ field: EnvelopeField, expected: String, got kind: JSONValueKind, at offset: Int
    ) -> EnvelopeError {
        EnvelopeError(field: "\(field.name)", offset: offset, message: "expected \(expected), got \(describe(kind))")
    }

    /// The error for a line that does not start with '{': say whether it is valid JSON of
    /// another type or not JSON at all.
    private static func notAnObject(_ line: UnsafeRawBufferPointer, at offset: Int, maxDepth: Int) -> EnvelopeError {
        do throws(JSONSyntaxError) {
            let kind = try JSONScanner.validate(line, maxDepth: maxDepth)
            return EnvelopeError(field: nil, offset: offset, message: "expected a JSON object, got \(describe(kind))")
        } catch {
            return invalidJSON(error, field: nil)
        }
    }

    private static func describe(_ kind: JSONValueKind) -> String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}
