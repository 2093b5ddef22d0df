import Foundation

typealias AnyValue = Opentelemetry_Proto_Common_V1_AnyValue
typealias KeyValue = Opentelemetry_Proto_Common_V1_KeyValue

extension JSONValue {
    /// An OTLP AnyValue as JSON: maps become objects, arrays arrays, bytes base64 strings
    /// (as in the protobuf JSON mapping), and an empty value null.
    init(_ value: AnyValue) {
        switch value.value {
        case .stringValue(let string): self = .string(string)
        case .boolValue(let bool): self = .bool(bool)
        case .intValue(let int): self = .int(int)
        case .doubleValue(let double): self = .double(double)
        case .arrayValue(let array): self = .array(array.values.map(JSONValue.init))
        case .kvlistValue(let list): self = .object(JSONObject(attributes: list.values))
        case .bytesValue(let data): self = .string(data.base64EncodedString())
        case .stringValueStrindex(let index): self = .int(Int64(index))
        case nil: self = .null
        }
    }
}

extension JSONObject {
    /// OTLP key-value pairs as an object in the exporter's order; a repeated key keeps its first value.
    init(attributes: [KeyValue]) {
        self.init()
        for attribute in attributes where self[attribute.key] == nil {
            self[attribute.key] = JSONValue(attribute.value)
        }
    }
}
