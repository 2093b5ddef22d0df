import LogbookProjections
import Logging
import NIOCore
import PostgresNIO

/// The projectors' statements sent to PostgreSQL as they come, without waiting for each
/// answer: the connection queues them and starts each as soon as the server has answered
/// the one before, so a batch costs the server's work, not a wait in this process per
/// statement. A read (`exists`) waits for its answer, and so for everything before it;
/// `flush()` waits for the rest and reports the first failure.
///
/// Statements go unnamed (parsed at each execution): postgres-nio's prepared statements
/// bind their values in binary, which needs each parameter's type, while an unnamed
/// statement takes untyped text that the server reads as the type the statement gives it.
///
/// Waits block the calling thread (never an event loop): projectors are synchronous.
final class PostgresSink: ProjectionSQL {
    let connection: PostgresConnection
    let logger: Logger
    private var translations: [String: String] = [:]
    /// Answers of reads since the last flush, by the table read, then by statement and
    /// arguments. The projectors ask the same question often (is this run deleted?) and
    /// only their own statements change those tables, so an answer holds until a statement
    /// that names the table is sent; each batch starts afresh.
    private var answers: [String: [String: Bool]] = [:]
    private var pending: [EventLoopFuture<Void>] = []
    /// Statements sent, for the benchmark's report.
    private(set) var statements = 0

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    func execute(_ sql: String, _ arguments: SQLArguments) throws {
        for table in answers.keys where sql.contains(table) { answers[table] = nil }
        pending.append(try run(sql, arguments).map { _ in })
    }

    func exists(_ sql: String, _ arguments: SQLArguments) throws -> Bool {
        let table = Self.tableRead(by: sql)
        let key = sql + "\u{1}" + arguments.map { "\($0?.sqlValue ?? .null)" }.joined(separator: "\u{1}")
        if let table, let known = answers[table]?[key] { return known }
        let answer = try run(sql, arguments)
        do {
            let found = try !answer.wait().isEmpty
            pending.removeAll(keepingCapacity: true)
            if let table { answers[table, default: [:]][key] = found }
            return found
        } catch {
            try flush()
            throw PostgresProjectionError.server(error, doing: sql)
        }
    }

    /// The one table a read names after `FROM`; nil when it is not that simple.
    static func tableRead(by sql: String) -> String? {
        let words = sql.split(whereSeparator: \.isWhitespace)
        guard let from = words.firstIndex(where: { $0.uppercased() == "FROM" }), from + 1 < words.count,
              !words[(from + 1)...].contains(where: { $0.uppercased() == "JOIN" || $0.uppercased() == "FROM" }) else { return nil }
        return String(words[from + 1])
    }

    /// Sends a statement already in PostgreSQL's dialect (`$n` placeholders), unprepared,
    /// answer not awaited.
    func send(postgres sql: String, _ arguments: [SQLValue] = []) {
        answers.removeAll()
        pending.append(unprepared(sql, arguments).map { _ in })
    }

    /// Waits for every statement sent; throws the first failure.
    func flush() throws {
        answers.removeAll()
        guard !pending.isEmpty else { return }
        let futures = pending
        pending.removeAll(keepingCapacity: true)
        let results = try EventLoopFuture.whenAllComplete(futures, on: connection.eventLoop).wait()
        for case .failure(let error) in results {
            throw PostgresProjectionError.server(error, doing: "a projector's statement")
        }
    }

    /// Runs one statement and returns its rows.
    func query(_ sql: String, _ arguments: [SQLValue] = []) throws -> [PostgresRow] {
        try flush()
        do {
            return try unprepared(sql, arguments).wait().rows
        } catch {
            throw PostgresProjectionError.server(error, doing: sql)
        }
    }

    /// A projector's statement, translated to PostgreSQL's dialect (once per text).
    private func run(_ sql: String, _ arguments: SQLArguments) throws -> EventLoopFuture<[PostgresRow]> {
        let translation: String
        if let known = translations[sql] {
            translation = known
        } else {
            translation = PostgresDialect.translate(sql)
            translations[sql] = translation
        }
        return unprepared(translation, arguments.map { $0?.sqlValue ?? .null }).map(\.rows)
    }

    private func unprepared(_ sql: String, _ arguments: [SQLValue]) -> EventLoopFuture<PostgresQueryResult> {
        statements += 1
        return connection.query(Self.query(sql, arguments), logger: logger)
    }

    /// An unprepared statement with its arguments as untyped text.
    static func query(_ sql: String, _ arguments: [SQLValue]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            if let text = PostgresText.parameter(argument) {
                bindings.append(UntypedText(text: text))
            } else {
                bindings.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}

/// A parameter sent as text with no type: the server reads it as the type its place in the
/// statement gives it (a column's `jsonb`, `numeric`, `boolean`, …), as it would a literal.
struct UntypedText: PostgresDynamicTypeEncodable {
    let text: String
    var psqlType: PostgresDataType { PostgresDataType(0) }
    var psqlFormat: PostgresFormat { .text }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeString(text)
    }
}
