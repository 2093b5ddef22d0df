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
    /// return escaped. PostgreSQL's text cannot hold NUL, so a value with one is refused.
    static func appendCopyField(_ value: SQLValue, to line: inout String) -> Bool {
        switch value {
        case .null: line += "\\N"
        case .integer(let integer): line += String(integer)
        case .real(let real): line += "\(real)"
        case .text(let text):
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\\": line += "\\\\"
                case "\t": line += "\\t"
                case "\n": line += "\\n"
                case "\r": line += "\\r"
                case "\0": return false
                default: line.unicodeScalars.append(scalar)
                }
            }
        }
        return true
    }
}
