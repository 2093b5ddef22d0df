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
        guard !cursor.isAtEnd, bytes[cursor.position] == UInt8(ascii: "{") else {
            throw JSONSyntaxError(offset: cursor.position, message: "expected a JSON object, found \(cursor.describe(at: cursor.position))")
        }
        cursor.position += 1
        cursor.skipWhitespace()
        var members: [JSONMember] = []
        if !cursor.isAtEnd, bytes[cursor.position] == UInt8(ascii: "}") {
            cursor.position += 1
        } else {
            repeat {
                cursor.skipWhitespace()
                let start = cursor.position
                let hasEscapes = try cursor.scanKey()
                let key = cursor.decodeString(start + 1..<cursor.position - 1, hasEscapes: hasEscapes)
                try cursor.expectColon()
                cursor.skipWhitespace()
                let valueStart = cursor.position
                let kind = try cursor.scanValue(enclosingDepth: 1, maxDepth: maxDepth)
                members.append(JSONMember(key: key, kind: kind, value: valueStart..<cursor.position))
            } while try cursor.scanSeparator(inObject: true)
        }
        cursor.skipWhitespace()
        guard cursor.isAtEnd else {
            throw JSONSyntaxError(offset: cursor.position, message: "unexpected \(cursor.describe(at: cursor.position)) after JSON value")
        }
        return members
    }
}
