/// Validating JSON scanner for the ingest hot path.
///
/// Foundation's `JSONSerialization` builds objects and runs far below disk speed; this scanner
/// only checks well-formedness (RFC 8259, strict) in one non-recursive, allocation-free pass over
/// UTF-8 bytes, so ingest can validate payloads without parsing them.
public enum JSONScanner {
    /// Deep enough for any real event, shallow enough that downstream recursive decoders
    /// (including Foundation's, whose limit is also 512) never overflow their stacks.
    public static let defaultMaxDepth = 512

    /// Validates that `bytes` hold exactly one JSON value (RFC 8259), optionally surrounded by
    /// JSON whitespace (space, \t, \n, \r), and returns its kind.
    ///
    /// Strings must be valid UTF-8 (no overlongs, no encoded surrogates, nothing above U+10FFFF),
    /// control characters below 0x20 must be escaped, `\u` escapes must pair surrogates correctly,
    /// and numbers follow the RFC grammar (no leading zeros, '+', '.5', '1.', NaN or Infinity).
    /// Empty input, or only whitespace, is an error; so is nesting deeper than `maxDepth`
    /// containers.
    public static func validate(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth
    ) throws(JSONSyntaxError) -> JSONValueKind {
        var cursor = JSONCursor(bytes)
        let kind = try cursor.scanValue(enclosingDepth: 0, maxDepth: maxDepth)
        cursor.skipWhitespace()
        guard cursor.isAtEnd else {
            throw JSONSyntaxError(
                offset: cursor.position, message: "unexpected \(cursor.describe(at: cursor.position)) after JSON value")
        }
        return kind
    }

    /// Convenience for callers holding an array.
    public static func validate(
        _ bytes: [UInt8], maxDepth: Int = defaultMaxDepth
    ) throws(JSONSyntaxError) -> JSONValueKind {
        // `withUnsafeBytes` only rethrows untyped errors, so the typed error travels in a Result.
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONSyntaxError) in try validate(buffer, maxDepth: maxDepth) }
        }.get()
    }
}
