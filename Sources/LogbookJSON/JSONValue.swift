/// A JSON value as a payload carries it: what replay and the projections pass through
/// unchanged (message content parts, metadata, saved state) keeps its shape, and can be
/// compared in tests. Decoded with the same cursor, grammar and depth limit as the append
/// path's validator, without Foundation.
public enum JSONValue: Sendable, Equatable, Encodable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Decodes one JSON text; a number that is an integer within Int64 becomes `.int`, any
    /// other number `.double`. Throws the validator's error for anything that is not JSON.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = JSONScanner.defaultMaxDepth) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONSyntaxError) in
                var cursor = JSONCursor(buffer)
                cursor.skipWhitespace()
                let value = try cursor.decodeValue(depth: 0, maxDepth: maxDepth)
                cursor.skipWhitespace()
                guard cursor.isAtEnd else {
                    throw JSONSyntaxError(offset: cursor.position, message: "unexpected \(cursor.describe(at: cursor.position)) after JSON value")
                }
                return value
            }
        }.get()
    }

    /// Decodes a payload (a JSON object's bytes); nil when the bytes are not a JSON object.
    public static func object(payload: [UInt8]) -> [String: JSONValue]? {
        guard case .object(let object)? = try? parse(payload) else { return nil }
        return object
    }

    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// An integer, also from a whole-valued fraction (`3.0`), as clients sometimes send counts.
    public var int: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9e18: return Int64(value)
        default: return nil
        }
    }

    public var double: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    public var object: [String: JSONValue]? {
        if case .object(let fields) = self { return fields }
        return nil
    }

    public subscript(key: String) -> JSONValue? {
        object?[key]
    }

    /// The text of a message's content: a string as is; text parts joined; other parts
    /// (images, audio) named by their type.
    public var text: String {
        switch self {
        case .string(let text): return text
        case .array(let parts):
            return parts.map { part in
                part["text"]?.string ?? "[\(part["type"]?.string ?? "part")]"
            }.joined(separator: "\n")
        case .null: return ""
        default: return compactJSON
        }
    }

    /// The value as compact JSON with sorted keys.
    public var compactJSON: String {
        var output: [UInt8] = []
        appendCompactJSON(to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Writes the value as compact JSON with sorted keys (stable output for tests and rows).
    public func appendCompactJSON(to output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .double(let value): output.append(contentsOf: Self.numberText(value).utf8)
        case .string(let value): JSONStringEscaper.append(value, to: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.appendCompactJSON(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let fields):
            output.append(UInt8(ascii: "{"))
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONStringEscaper.append(key, to: &output)
                output.append(UInt8(ascii: ":"))
                fields[key]!.appendCompactJSON(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// A finite double as JSON: whole values without a fraction (`3` rather than `3.0`), others in
    /// Swift's shortest round-tripping form; JSON has no NaN or infinity, so those become null.
    static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let fields): try container.encode(fields)
        }
    }
}
