/// Translates the projectors' SQLite statements into PostgreSQL: `?` placeholders become
/// `$1, $2, …`; `INSERT OR IGNORE` becomes `INSERT … ON CONFLICT DO NOTHING`; SQLite's
/// scalar `max(a, b)` and `min(a, b)` become `GREATEST` and `LEAST` (the one-argument
/// aggregates stay). Everything else the projectors write (upserts with `excluded`, row
/// comparisons, `UPDATE … FROM`, window functions) means the same in both.
enum PostgresDialect {
    static func translate(_ sql: String) -> String {
        var text = sql
        var ignoreConflicts = false
        if let range = text.range(of: "INSERT OR IGNORE INTO") {
            text.replaceSubrange(range, with: "INSERT INTO")
            ignoreConflicts = true
        }
        text = scalarExtremes(text)
        text = numberedPlaceholders(text)
        if ignoreConflicts { text += "\nON CONFLICT DO NOTHING" }
        return text
    }

    /// `max(`/`min(` with more than one argument at the top level of its parentheses.
    static func scalarExtremes(_ sql: String) -> String {
        var chars = Array(sql)
        var index = 0
        while index + 4 <= chars.count {
            let word = String(chars[index..<index + 4]).lowercased()
            let boundary = index == 0 || !(chars[index - 1].isLetter || chars[index - 1].isNumber || chars[index - 1] == "_")
            if boundary, word == "max(" || word == "min(", hasSeveralArguments(chars, open: index + 3) {
                let name = Array(word == "max(" ? "GREATEST" : "LEAST")
                chars.replaceSubrange(index..<index + 3, with: name)
                index += name.count
            } else {
                index += 1
            }
        }
        return String(chars)
    }

    private static func hasSeveralArguments(_ chars: [Character], open: Int) -> Bool {
        var depth = 0
        var quoted = false
        for char in chars[open...] {
            if quoted { if char == "'" { quoted = false }; continue }
            switch char {
            case "'": quoted = true
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return false }
            case "," where depth == 1: return true
            default: break
            }
        }
        return false
    }

    static func numberedPlaceholders(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.count + 16)
        var number = 0
        var quoted = false
        for char in sql {
            if char == "'" { quoted.toggle() }
            if char == "?" && !quoted {
                number += 1
                result += "$\(number)"
            } else {
                result.append(char)
            }
        }
        return result
    }
}
