/// Where and why a JSON text is not well-formed (RFC 8259).
///
/// The offset lets a caller point the user at the offending byte of a large ingest batch instead of
/// only saying "bad JSON".
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset in the scanned buffer where the problem was found.
    public var offset: Int
    /// Human-readable reason, e.g. "unterminated string" or "leading zero in number".
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(message) at byte \(offset)" }
}
