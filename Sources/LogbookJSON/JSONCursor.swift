/// A read position over a buffer of UTF-8 bytes.
///
/// `JSONScanner` and `EnvelopeScanner` share this cursor so both apply exactly the same grammar.
/// Every primitive reads only inside `bytes`, advances `position`, and allocates nothing except
/// the text of an error.
struct JSONCursor {
    let bytes: UnsafeRawBufferPointer
    var position: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.position = 0
    }

    var isAtEnd: Bool { position >= bytes.count }

    /// Skips JSON whitespace (space, tab, LF, CR) and nothing else, so a BOM or a non-breaking
    /// space is reported rather than silently accepted.
    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte <= 0x20, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    /// Requires the ':' between an object key and its value, skipping whitespace on both sides.
    mutating func expectColon() throws(JSONSyntaxError) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
            throw JSONSyntaxError(offset: position, message: "expected ':' after object key")
        }
        position += 1
        skipWhitespace()
    }

    /// Scans `true`, `false` or `null`; `position` must be at its first letter.
    mutating func scanLiteral() throws(JSONSyntaxError) -> JSONValueKind {
        let start = position
        let literal: StaticString
        let kind: JSONValueKind
        switch bytes[start] {
        case UInt8(ascii: "t"): (literal, kind) = ("true", .bool)
        case UInt8(ascii: "f"): (literal, kind) = ("false", .bool)
        default: (literal, kind) = ("null", .null)
        }
        let length = literal.utf8CodeUnitCount
        guard start + length <= bytes.count else {
            throw JSONSyntaxError(offset: start, message: "invalid literal, expected '\(literal)'")
        }
        for index in 1..<length where bytes[start + index] != literal.utf8Start[index] {
            throw JSONSyntaxError(offset: start, message: "invalid literal, expected '\(literal)'")
        }
        position = start + length
        return kind
    }

    /// Scans a number following the RFC 8259 grammar; `position` must be at '-' or a digit.
    ///
    /// Returns whether the number is an integer (no fraction, no exponent), so the envelope can
    /// reject non-integer timestamps without looking at the bytes again.
    mutating func scanNumber() throws(JSONSyntaxError) -> Bool {
        var index = position
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, Self.isDigit(bytes[index]) else {
            throw JSONSyntaxError(offset: index, message: "expected digit after '-', found \(describe(at: index))")
        }
        if bytes[index] == UInt8(ascii: "0") {
            if index + 1 < bytes.count, Self.isDigit(bytes[index + 1]) {
                throw JSONSyntaxError(offset: index, message: "leading zero in number")
            }
            index += 1
        } else {
            index = skipDigits(from: index + 1)
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, Self.isDigit(bytes[index]) else {
                throw JSONSyntaxError(offset: index, message: "expected digit after '.', found \(describe(at: index))")
            }
            index = skipDigits(from: index + 1)
            isInteger = false
        }
        // `| 0x20` folds 'E' onto 'e'.
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, Self.isDigit(bytes[index]) else {
                throw JSONSyntaxError(
                    offset: index, message: "expected digit in exponent, found \(describe(at: index))")
            }
            index = skipDigits(from: index + 1)
            isInteger = false
        }
        position = index
        return isInteger
    }

    @inline(__always)
    private func skipDigits(from start: Int) -> Int {
        var index = start
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        return index
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Names the byte at `offset` for an error message: "'x'" when printable, "byte 0xNN" when
    /// not, "end of input" past the end.
    func describe(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        let byte = bytes[offset]
        if byte > 0x20, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte \(Self.hex(byte))"
    }

    /// "0xNN" with two uppercase digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0x0" + digits : "0x" + digits
    }
}
