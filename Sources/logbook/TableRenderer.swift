import Foundation
import LogbookJSON

/// Prints rows as an aligned table for a person: times as ISO-8601 (UTC), long text clipped,
/// no value as `-`. JSON output keeps the raw values.
enum TableRenderer {
    /// Each row's cells in `Row.columns` order, read from the row's own JSON encoding.
    static func cells<Row: Encodable>(_ rows: [Row]) throws -> [[String: String]] {
        let encoder = JSONEncoder()
        return try rows.map { row in
            (JSONValue.object(payload: Array(try encoder.encode(row))) ?? [:]).compactMapValues(text)
        }
    }

    static func print(_ rows: [[String: String]], columns: [String]) {
        print(rows.map { row in columns.map { column in display(row[column], column: column, limit: 40) } }, columns: columns)
    }

    static func print(_ cells: [[String]], columns: [String]) {
        guard !cells.isEmpty else { return Swift.print("(no rows)") }
        let widths = columns.indices.map { index in max(columns[index].count, cells.map { $0[index].count }.max() ?? 0) }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        Swift.print(line(columns))
        for row in cells { Swift.print(line(row)) }
    }

    static func printVertical(_ row: [String: String], columns: [String]) {
        let width = columns.map(\.count).max() ?? 0
        for column in columns {
            Swift.print(column.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + display(row[column], column: column, limit: 200))
        }
    }

    /// A cell as shown: a time column's milliseconds as ISO-8601, text clipped to `limit`.
    static func display(_ value: String?, column: String, limit: Int) -> String {
        guard let value else { return "-" }
        if isTimeColumn(column), let ms = Int64(value) { return time(ms) }
        return clip(value, limit: limit)
    }

    static func isTimeColumn(_ column: String) -> Bool {
        column.hasSuffix("_at") || column == "timestamp" || column == "timestamp_ms"
    }

    static func time(_ ms: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    static func clip(_ text: String, limit: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        case .double(let number): return format(number, digits: 6)
        default: return value.compactJSON
        }
    }
}
