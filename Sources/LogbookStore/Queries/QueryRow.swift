import GRDB

/// A row of a read-model query: decoded from SQLite by its coding keys, encoded to JSON with
/// the same snake_case names, and printable as a table in the order of `columns`.
public protocol QueryRow: Codable, FetchableRecord, Sendable {
    associatedtype Columns: CaseIterable, RawRepresentable where Columns.RawValue == String
}

extension QueryRow {
    /// The column names in declaration order.
    public static var columns: [String] { Columns.allCases.map(\.rawValue) }
}
