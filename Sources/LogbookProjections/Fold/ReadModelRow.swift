/// A row of one read-model table as `ReadModelRows` folds it: typed fields, and the values
/// SQLite stores for them in the schema's column order (`schemas/readmodels/`), so a bulk
/// writer can copy it and a test can compare it with the projectors' row.
public protocol ReadModelRow: Sendable {
    /// The table's name.
    static var table: String { get }
    /// The column names, in the schema's order.
    static var columns: [String] { get }
    /// The row's values, in the order of `columns`.
    var values: [SQLValue] { get }
}

extension SQLValue {
    static func of(_ text: String?) -> SQLValue {
        text.map(SQLValue.text) ?? .null
    }

    static func of(_ integer: Int64?) -> SQLValue {
        integer.map(SQLValue.integer) ?? .null
    }

    static func of(_ real: Double?) -> SQLValue {
        real.map(SQLValue.real) ?? .null
    }

    static func of(_ flag: Bool) -> SQLValue {
        .integer(flag ? 1 : 0)
    }
}

extension String {
    /// Whether this text sorts before `other` as SQLite's BINARY collation sorts them: by
    /// their UTF-8 bytes.
    @inlinable
    public func sortsBefore(_ other: String) -> Bool {
        utf8.lexicographicallyPrecedes(other.utf8)
    }
}
