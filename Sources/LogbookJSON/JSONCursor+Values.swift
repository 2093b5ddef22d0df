/// Whole-value scanning without recursion: open containers live in a bit stack (one bit per
/// level: object or array), so hostile input such as 100,000 nested '[' ends in an error rather
/// than a stack overflow, and the stack needs only `maxDepth / 8` bytes.
extension JSONCursor {
    /// Scans exactly one value starting at `position` (leading whitespace skipped) and leaves
    /// `position` just after it.
    /// - Parameters:
    ///   - enclosingDepth: containers already open around this value (1 for an envelope field).
    ///   - maxDepth: the nesting limit counted from the outermost container of the whole text.
    mutating func scanValue(enclosingDepth: Int, maxDepth: Int) throws(JSONSyntaxError) -> JSONValueKind {
        skipWhitespace()
        guard position < bytes.count else { throw expectedValue() }
        let kind: JSONValueKind
        switch bytes[position] {
        case UInt8(ascii: "{"): kind = .object
        case UInt8(ascii: "["): kind = .array
        default: return try scanScalar()
        }
        // Each level needs its own opening byte, so the remaining bytes bound the depth too;
        // that keeps the stack small when `maxDepth` is huge.
        let levels = min(maxDepth - enclosingDepth, bytes.count - position)
        guard levels > 0 else { throw nestingTooDeep(maxDepth) }
        try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: (levels + 63) / 64) {
            (stack) throws(JSONSyntaxError) in
            stack.initialize(repeating: 0)
            try scanContainers(stack: stack, levels: levels, maxDepth: maxDepth)
        }
        return kind
    }

    /// Scans a string, number or literal at `position`.
    @inline(__always)
    private mutating func scanScalar() throws(JSONSyntaxError) -> JSONValueKind {
        switch bytes[position] {
        case UInt8(ascii: "\""):
            _ = try scanString()
            return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try scanNumber()
            return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return try scanLiteral()
        default:
            throw expectedValue()
        }
    }

    /// The state machine behind `scanValue`; `position` is at the outermost '{' or '['.
    /// Bit `d` of `stack` is set when the container at depth `d + 1` is an object.
    private mutating func scanContainers(
        stack: UnsafeMutableBufferPointer<UInt64>, levels: Int, maxDepth: Int
    ) throws(JSONSyntaxError) {
        var depth = 0
        var inObject = false
        nextValue: while true {
            // Here `position` is at the first byte of a value.
            let byte = bytes[position]
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                guard depth < levels else { throw nestingTooDeep(maxDepth) }
                inObject = byte == UInt8(ascii: "{")
                let bit: UInt64 = 1 << UInt64(depth & 63)
                if inObject { stack[depth >> 6] |= bit } else { stack[depth >> 6] &= ~bit }
                depth += 1
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    position += 1
                    depth -= 1
                    if depth > 0 { inObject = Self.isObject(level: depth - 1, in: stack) }
                } else {
                    if inObject { _ = try scanKey(); try expectColon() }
                    guard position < bytes.count else { throw expectedValue() }
                    continue nextValue
                }
            } else {
                _ = try scanScalar()
            }
            // A value has just ended: close containers until one continues with a ','.
            while depth > 0 {
                if try scanSeparator(inObject: inObject) {
                    if inObject { _ = try scanKey(); try expectColon() }
                    guard position < bytes.count else { throw expectedValue() }
                    continue nextValue
                }
                depth -= 1
                if depth > 0 { inObject = Self.isObject(level: depth - 1, in: stack) }
            }
            return
        }
    }

    /// After a member or element: consumes a ',' (returning true, with whitespace skipped so
    /// `position` is where the next one starts) or the container's closing bracket (returning false).
    mutating func scanSeparator(inObject: Bool) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        let closer = inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        if position < bytes.count, bytes[position] == UInt8(ascii: ",") {
            let comma = position
            position += 1
            skipWhitespace()
            if position < bytes.count, bytes[position] == closer {
                let message = inObject ? "trailing comma in object" : "trailing comma in array"
                throw JSONSyntaxError(offset: comma, message: message)
            }
            return true
        }
        guard position < bytes.count, bytes[position] == closer else {
            let expected = inObject ? "',' or '}' in object" : "',' or ']' in array"
            throw JSONSyntaxError(offset: position, message: "expected \(expected), found \(describe(at: position))")
        }
        position += 1
        return false
    }

    @inline(__always)
    private static func isObject(level: Int, in stack: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        stack[level >> 6] & (1 << UInt64(level & 63)) != 0
    }

    private func expectedValue() -> JSONSyntaxError {
        JSONSyntaxError(offset: position, message: "expected a JSON value, found \(describe(at: position))")
    }

    func nestingTooDeep(_ maxDepth: Int) -> JSONSyntaxError {
        JSONSyntaxError(offset: position, message: "nesting deeper than \(maxDepth) levels")
    }
}
