/// Lists the top-level elements of a JSON array in one validating pass without building a
/// tree, so a body holding an array of events is cut into one byte range per event.
public enum JSONArrayElements {
    /// The elements of the array in `bytes` (leading and trailing whitespace allowed), as the
    /// kind of each and where its bytes are; an error when `bytes` is not one valid JSON array.
    public static func scan(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = JSONScanner.defaultMaxDepth) throws(JSONSyntaxError) -> [(kind: JSONValueKind, range: Range<Int>)] {
        var cursor = JSONCursor(bytes)
        cursor.skipWhitespace()
        guard !cursor.isAtEnd, bytes[cursor.position] == UInt8(ascii: "[") else {
            throw JSONSyntaxError(offset: cursor.position, message: "expected a JSON array, found \(cursor.describe(at: cursor.position))")
        }
        cursor.position += 1
        cursor.skipWhitespace()
        var elements: [(kind: JSONValueKind, range: Range<Int>)] = []
        if !cursor.isAtEnd, bytes[cursor.position] == UInt8(ascii: "]") {
            cursor.position += 1
        } else {
            repeat {
                cursor.skipWhitespace()
                let start = cursor.position
                let kind = try cursor.scanValue(enclosingDepth: 1, maxDepth: maxDepth)
                elements.append((kind, start..<cursor.position))
            } while try cursor.scanSeparator(inObject: false)
        }
        cursor.skipWhitespace()
        guard cursor.isAtEnd else {
            throw JSONSyntaxError(offset: cursor.position, message: "unexpected \(cursor.describe(at: cursor.position)) after JSON value")
        }
        return elements
    }
}
