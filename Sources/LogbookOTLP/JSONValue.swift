import LogbookJSON

/// A JSON value built by the mapping. Written compactly with members in the order they were
/// set, so the same spans always give the same bytes.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
    /// A number parsed from JSON an exporter sent inside a string attribute (such as
    /// `gen_ai.input.messages`), kept as its token so it is written back digit for digit.
    case number(String)

    func write(to output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .double(let value):
            // JSON has no NaN or infinities; they travel as strings, as the protobuf JSON mapping does.
            if value.isFinite {
                output.append(contentsOf: value.description.utf8)
            } else {
                JSONStringEscaper.append(value.isNaN ? "NaN" : value < 0 ? "-Infinity" : "Infinity", to: &output)
            }
        case .string(let value): JSONStringEscaper.append(value, to: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object): object.write(to: &output)
        case .number(let token): output.append(contentsOf: token.utf8)
        }
    }

    var bytes: [UInt8] {
        var output: [UInt8] = []
        write(to: &output)
        return output
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }
}
