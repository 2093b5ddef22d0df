import PostgresNIO

/// An SQL text with `$n` placeholders and the values bound to them, built piece by piece for
/// the filters a query is given. Values are only ever bound, never spliced into the text.
struct PostgresStatement {
    private(set) var sql = ""
    private(set) var bindings = PostgresBindings()

    init(_ sql: String = "") {
        self.sql = sql
    }

    /// Binds `value` as the next parameter and returns its placeholder.
    mutating func bind(_ value: some PostgresNonThrowingEncodable) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    /// A LIMIT's value as SQLite reads it: a negative one means no limit.
    mutating func bind(limit: Int) -> String {
        limit < 0 ? "ALL" : bind(Int64(limit))
    }

    /// An OFFSET's value as SQLite reads it: a negative one counts as zero.
    mutating func bind(offset: Int) -> String {
        bind(Int64(max(offset, 0)))
    }

    /// Where a page ends (its offset plus its limit), to cut a part of it at: no end for no
    /// limit, or past the largest count.
    mutating func bind(pageEnd limit: Int, offset: Int) -> String {
        let (end, overflow) = limit.addingReportingOverflow(max(offset, 0))
        return limit < 0 || overflow ? "ALL" : bind(Int64(end))
    }

    mutating func append(_ sql: String) {
        self.sql += sql
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}
