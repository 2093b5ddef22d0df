import Foundation

/// Number formats of the bench's tables.
public enum Format {
    /// 1234567 → "1,234,567".
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// A rate with three significant digits and a k/M suffix: 412345 → "412k".
    public static func rate(_ value: Double) -> String {
        switch abs(value) {
        case 1e6...: significant(value / 1e6) + "M"
        case 1e3...: significant(value / 1e3) + "k"
        default: significant(value)
        }
    }

    /// Three significant digits: 412.3 → "412", 41.23 → "41.2", 4.123 → "4.12".
    public static func significant(_ value: Double) -> String {
        switch abs(value) {
        case 100...: String(format: "%.0f", value)
        case 10...: String(format: "%.1f", value)
        case 1...: String(format: "%.2f", value)
        default: String(format: "%.3f", value)
        }
    }

    public static func milliseconds(_ value: Double) -> String {
        significant(value)
    }

    public static func ratio(_ value: Double) -> String {
        significant(value) + "×"
    }

    /// Bytes as MB (2^20) with one decimal.
    public static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    public static func perEvent(_ bytes: Int, _ events: Int) -> String {
        events > 0 ? String(format: "%.0f", Double(bytes) / Double(events)) : "-"
    }

    /// "412k [398k–420k]"; just the median for one run.
    public static func spread(_ spread: Spread?, _ format: (Double) -> String) -> String {
        guard let spread else { return "-" }
        if spread.samples.count == 1 { return format(spread.median) }
        return "\(format(spread.median)) [\(format(spread.min))–\(format(spread.max))]"
    }
}

/// Renders rows of cells as aligned columns: the first column left-aligned, the others right.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    func render(indent: String = "") -> [String] {
        let all = [header] + rows
        let widths = (0..<header.count).map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { cells in
            var line = indent
            for (column, width) in widths.enumerated() {
                let cell = cells.indices.contains(column) ? cells[column] : ""
                let padding = String(repeating: " ", count: width - cell.count)
                line += column == 0 ? cell + padding : "  " + padding + cell
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
