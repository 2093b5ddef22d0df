import Foundation

/// JSON output of replay: sorted keys so the same context always prints the same bytes.
public enum ReplayJSON {
    public static func encode<Value: Encodable>(_ value: Value, pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Messages as a JSON array of exactly the bytes each was sent as (`pretty`: one per line).
    public static func encode(_ messages: [ChatMessage], pretty: Bool = true) throws -> String {
        guard !messages.isEmpty else { return "[]" }
        let separator = pretty ? ",\n  " : ","
        return (pretty ? "[\n  " : "[") + messages.map { String(decoding: $0.bytes, as: UTF8.self) }.joined(separator: separator)
            + (pretty ? "\n]" : "]")
    }
}
