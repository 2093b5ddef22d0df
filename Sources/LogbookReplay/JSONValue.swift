import Foundation

/// A JSON value as a payload carries it: what replay passes through unchanged (message
/// content parts, metadata, saved state) keeps its shape, and can be compared in tests.
public enum JSONValue: Sendable, Equatable, Encodable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Decodes a payload (a JSON object's bytes); nil when the bytes are not a JSON object.
    public static func object(payload: [UInt8]) -> [String: JSONValue]? {
        guard let decoded = try? JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed]),
              case .object(let object) = JSONValue(foundation: decoded)
        else { return nil }
        return object
    }

    /// Converts what `JSONSerialization` returns. Booleans and numbers both come back as
    /// `NSNumber`; its type code tells them (and integers from fractions) apart. Strings and
    /// objects, the common cases, are tried first: the casts are most of the cost.
    init(foundation value: Any) {
        if let text = value as? String {
            self = .string(text)
        } else if let object = value as? [String: Any] {
            var fields: [String: JSONValue] = [:]
            fields.reserveCapacity(object.count)
            for (key, field) in object { fields[key] = JSONValue(foundation: field) }
            self = .object(fields)
        } else if let number = value as? NSNumber {
            switch UInt8(bitPattern: number.objCType.pointee) {
            case UInt8(ascii: "c"), UInt8(ascii: "B"): self = .bool(number.boolValue)
            case UInt8(ascii: "d"), UInt8(ascii: "f"): self = .double(number.doubleValue)
            default: self = .int(number.int64Value)
            }
        } else if let array = value as? [Any] {
            self = .array(array.map(JSONValue.init(foundation:)))
        } else {
            self = .null
        }
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
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
