/// Writes Swift strings as JSON string literals when printing events.
///
/// Escapes only what RFC 8259 requires ('"', '\\' and control characters below 0x20); everything
/// else, including non-ASCII, is copied as UTF-8 so output stays compact and byte-exact.
public enum JSONStringEscaper {
    /// Appends `string` to `output` as a quoted JSON string literal.
    public static func append(_ string: String, to output: inout [UInt8]) {
        var string = string
        string.withUTF8 { utf8 in appendEscaped(UnsafeRawBufferPointer(utf8), to: &output) }
    }

    private static func appendEscaped(_ text: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        output.reserveCapacity(output.count + text.count + 2)
        output.append(UInt8(ascii: "\""))
        // Unescaped runs are copied in bulk rather than byte by byte.
        var runStart = 0
        for index in text.indices {
            let byte = text[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[runStart..<index]))
            runStart = index + 1
            output.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
            case 0x08: output.append(UInt8(ascii: "b"))
            case 0x0C: output.append(UInt8(ascii: "f"))
            case 0x0A: output.append(UInt8(ascii: "n"))
            case 0x0D: output.append(UInt8(ascii: "r"))
            case 0x09: output.append(UInt8(ascii: "t"))
            default:
                let hexDigits: StaticString = "0123456789abcdef"
                output.append(UInt8(ascii: "u"))
                output.append(UInt8(ascii: "0"))
                output.append(UInt8(ascii: "0"))
                output.append(hexDigits.utf8Start[Int(byte >> 4)])
                output.append(hexDigits.utf8Start[Int(byte & 0x0F)])
            }
        }
        output.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[runStart...]))
        output.append(UInt8(ascii: "\""))
    }
}
