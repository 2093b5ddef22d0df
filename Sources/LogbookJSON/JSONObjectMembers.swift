/// One top-level member of a JSON object: its key, the kind of its value, and where the
/// value's bytes are.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var kind: JSONValueKind
    public var value: Range<Int>
}

/// Lists the top-level members of a JSON object in one pass without building a tree, for
/// checking a payload's fields against the event catalogue on the append path.
public enum JSONObjectMembers {
    /// The members of the object in `bytes`, in order; an error when `bytes` is not one
    /// valid JSON object.
    public static func scan(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = JSONScanner.defaultMaxDepth) throws(JSONSyntaxError) -> [JSONMember] {
        var cursor = JSONCursor(bytes)
        cursor.skipWhitespace()
        let members = try cursor.scanObjectMembers(enclosingDepth: 0, maxDepth: maxDepth)
        cursor.skipWhitespace()
        guard cursor.isAtEnd else {
            throw JSONSyntaxError(offset: cursor.position, message: "unexpected \(cursor.describe(at: cursor.position)) after JSON value")
        }
        return members
    }

    /// Convenience for callers holding an array.
    public static func scan(_ bytes: [UInt8], maxDepth: Int = JSONScanner.defaultMaxDepth) throws(JSONSyntaxError) -> [JSONMember] {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONSyntaxError) in try scan(buffer, maxDepth: maxDepth) }
        }.get()
    }
}

extension JSONCursor {
    /// Scans the object at `position` and returns its top-level members, with value ranges
    /// relative to the object's first byte; leaves `position` just after the object.
    mutating func scanObjectMembers(enclosingDepth: Int, maxDepth: Int) throws(JSONSyntaxError) -> [JSONMember] {
        let objectStart = position
        guard !isAtEnd, bytes[position] == UInt8(ascii: "{") else {
            throw JSONSyntaxError(offset: position, message: "expected a JSON object, found \(describe(at: position))")
        }
        guard enclosingDepth < maxDepth else { throw nestingTooDeep(maxDepth) }
        position += 1
        skipWhitespace()
        var members: [JSONMember] = []
        if !isAtEnd, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return members
        }
        repeat {
            skipWhitespace()
            let start = position
            let hasEscapes = try scanKey()
            let key = decodeString(start + 1..<position - 1, hasEscapes: hasEscapes)
            try expectColon()
            let valueStart = position
            let kind = try scanValue(enclosingDepth: enclosingDepth + 1, maxDepth: maxDepth)
            members.append(JSONMember(key: key, kind: kind, value: (valueStart - objectStart)..<(position - objectStart)))
        } while try scanSeparator(inObject: true)
        return members
    }
}
