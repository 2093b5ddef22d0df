import LogbookProjections

/// Values as PostgreSQL's text formats spell them: a quoted literal, a parameter's text,
/// a field of `COPY ... (FORMAT text)`.
enum PostgresText {
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A bound value as text, which the server parses as the type the statement gives it.
    static func parameter(_ value: SQLValue) -> String? {
        switch value {
        case .null: nil
        case .integer(let integer): String(integer)
        case .real(let real): "\(real)"
        case .text(let text): text
        }
    }

    /// Appends one `COPY` text field: `\N` for NULL; backslash, tab, newline and carriage
    /// return escaped on the UTF-8 bytes (they are ASCII, so no multi-byte sequence holds
    /// them), copying the runs between them whole.
    /// PostgreSQL's text cannot hold NUL, so a value with one is refused.
    static func appendCopyField(_ value: SQLValue, to line: inout [UInt8]) -> Bool {
        switch value {
        case .null: line += [UInt8(ascii: "\\"), UInt8(ascii: "N")]
        case .integer(let integer): line += String(integer).utf8
        case .real(let real): line += "\(real)".utf8
        case .text(var text):
            return text.withUTF8 { bytes in
                var start = 0
                for index in bytes.indices {
                    let byte = bytes[index]
                    guard byte == 0x5C || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0 else { continue }
                    if byte == 0 { return false }
                    line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    let escaped: UInt8 = switch byte {
                    case 0x09: UInt8(ascii: "t")
                    case 0x0A: UInt8(ascii: "n")
                    case 0x0D: UInt8(ascii: "r")
                    default: 0x5C
                    }
                    line += [0x5C, escaped]
                    start = index + 1
                }
                line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
                return true
            }
        }
        return true
    }
}
