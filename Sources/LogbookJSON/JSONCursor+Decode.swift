/// Building a `JSONValue` tree. Recursive, but never deeper than `maxDepth` containers, the
/// same limit the validator applies before a payload is stored.
extension JSONCursor {
    mutating func decodeValue(depth: Int, maxDepth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard position < bytes.count else { throw JSONSyntaxError(offset: position, message: "expected a value, found end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            guard depth < maxDepth else { throw nestingTooDeep(maxDepth) }
            position += 1
            skipWhitespace()
            var fields: [String: JSONValue] = [:]
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(fields)
            }
            repeat {
                let keyStart = position
                let hasEscapes = try scanKey()
                let key = decodeString(keyStart + 1..<position - 1, hasEscapes: hasEscapes)
                try expectColon()
                fields[key] = try decodeValue(depth: depth + 1, maxDepth: maxDepth)
                skipWhitespace()
            } while try scanSeparator(inObject: true)
            return .object(fields)
        case UInt8(ascii: "["):
            guard depth < maxDepth else { throw nestingTooDeep(maxDepth) }
            position += 1
            skipWhitespace()
            var values: [JSONValue] = []
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(values)
            }
            repeat {
                values.append(try decodeValue(depth: depth + 1, maxDepth: maxDepth))
                skipWhitespace()
            } while try scanSeparator(inObject: false)
            return .array(values)
        case UInt8(ascii: "\""):
            let start = position
            let hasEscapes = try scanString()
            return .string(decodeString(start + 1..<position - 1, hasEscapes: hasEscapes))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = position
            let isInteger = try scanNumber()
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            if isInteger, let value = Int64(text) { return .int(value) }
            return .double(Double(text) ?? .nan)
        case let first:
            switch try scanLiteral() {
            case .bool: return .bool(first == UInt8(ascii: "t"))
            default: return .null
            }
        }
    }
}
