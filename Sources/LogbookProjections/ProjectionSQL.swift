import GRDB

/// Where a projector's statements go: GRDB's `Database` for SQLite, a PostgreSQL sink in
/// `LogbookPostgres`. Statements are written in SQLite's dialect with `?` placeholders; a
/// sink for another database translates the few constructs that differ (scalar
/// `max(a, b)`, `INSERT OR IGNORE`). Every call runs inside the batch's transaction.
public protocol ProjectionSQL {
    /// Runs a statement that returns no rows.
    func execute(_ sql: String, _ arguments: SQLArguments) throws
    /// Whether a `SELECT` returns at least one row.
    func exists(_ sql: String, _ arguments: SQLArguments) throws -> Bool
}

/// A statement's arguments, in placeholder order; nil is NULL.
public typealias SQLArguments = [(any SQLArgument)?]

/// A value a projector binds: text, an integer, a double, or a boolean (stored as 0 or 1).
public enum SQLValue: Sendable, Equatable {
    case null, integer(Int64), real(Double), text(String)
}

public protocol SQLArgument: Sendable {
    var sqlValue: SQLValue { get }
}

extension String: SQLArgument { public var sqlValue: SQLValue { .text(self) } }
extension Int64: SQLArgument { public var sqlValue: SQLValue { .integer(self) } }
extension Int: SQLArgument { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Double: SQLArgument { public var sqlValue: SQLValue { .real(self) } }
extension Bool: SQLArgument { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }

extension Database: ProjectionSQL {
    public func execute(_ sql: String, _ arguments: SQLArguments) throws {
        try cachedStatement(sql: sql).execute(arguments: Self.statementArguments(arguments))
    }

    public func exists(_ sql: String, _ arguments: SQLArguments) throws -> Bool {
        try Row.fetchOne(cachedStatement(sql: sql), arguments: Self.statementArguments(arguments)) != nil
    }

    /// Through GRDB's initializer of optional existentials: its initializer of a sequence of
    /// one concrete type maps through a generic key path, which perf showed instantiated at run
    /// time on every statement (a fifth of a rebuild).
    private static func statementArguments(_ arguments: SQLArguments) -> StatementArguments {
        StatementArguments(arguments.map { argument -> (any DatabaseValueConvertible)? in
            switch argument?.sqlValue ?? .null {
            case .null: nil
            case .integer(let value): value
            case .real(let value): value
            case .text(let value): value
            }
        })
    }
}
