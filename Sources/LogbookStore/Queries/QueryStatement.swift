import GRDB

/// An SQL text and its arguments, built piece by piece for the filters a query is given,
/// so that SQLite plans each query with the index for those filters.
struct QueryStatement {
    var sql: String
    var arguments: StatementArguments

    init(_ sql: String, _ arguments: StatementArguments) {
        self.sql = sql
        self.arguments = arguments
    }

    /// The condition that holds for every row (it adds nothing to a WHERE clause).
    static let always = QueryStatement("", [])

    mutating func append(_ sql: String, _ arguments: StatementArguments) {
        self.sql += sql
        self.arguments += arguments
    }

    /// `select` with the conditions that are not `always` joined by AND.
    static func select(_ select: String, where conditions: [QueryStatement]) -> QueryStatement {
        var statement = QueryStatement(select, [])
        let present = conditions.filter { !$0.sql.isEmpty }
        for (index, condition) in present.enumerated() {
            statement.append((index == 0 ? " WHERE " : " AND ") + condition.sql, condition.arguments)
        }
        return statement
    }

    /// The statements joined by UNION ALL (one statement stays as it is).
    static func union(_ arms: [QueryStatement]) -> QueryStatement {
        var statement = QueryStatement("", [])
        for (index, arm) in arms.enumerated() {
            statement.append((index == 0 ? "" : " UNION ALL ") + arm.sql, arm.arguments)
        }
        return statement
    }
}
