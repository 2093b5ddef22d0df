/// Why one JSONL line cannot be ingested, naming the offending key so a producer can fix its
/// output without hunting through the line.
public struct EnvelopeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The JSON key concerned; nil when the line as a whole is wrong.
    public var field: String?
    /// Byte offset in the line.
    public var offset: Int
    public var message: String

    public init(field: String?, offset: Int, message: String) {
        self.field = field
        self.offset = offset
        self.message = message
    }

    /// For example "field 'timestamp_ms': expected an integer, got a string (byte 57)",
    /// "unknown field 'sesion_id' (byte 40)" or "not valid JSON: unterminated string at byte 12".
    public var description: String {
        guard let field else { return "\(message) at byte \(offset)" }
        // Messages such as "unknown field 'x'" already name the field.
        if message.contains("'\(field)'") { return "\(message) (byte \(offset))" }
        return "field '\(field)': \(message) (byte \(offset))"
    }
}
