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
/// Waits block the calling thread (never an event loop): projectors are synchronous.
final class PostgresSink: ProjectionSQL {
    let connection: PostgresConnection
    let logger: Logger
    private var translations: [String: String] = [:]
    private var pending: [EventLoopFuture<PostgresQueryResult>] = []
    /// Statements sent, for the benchmark's report.
    private(set) var statements = 0

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    func execute(_ sql: String, _ arguments: SQLArguments) throws {
        pending.append(send(translated(sql), arguments.map { $0?.sqlValue ?? .null }))
    }

    func exists(_ sql: String, _ arguments: SQLArguments) throws -> Bool {
        let answer = send(translated(sql), arguments.map { $0?.sqlValue ?? .null })
        do {
            let result = try answer.wait()
            pending.removeAll(keepingCapacity: true)
            return !result.rows.isEmpty
        } catch {
            try flush()
            throw PostgresProjectionError.server(error, doing: sql)
        }
    }

    /// Sends a statement already in PostgreSQL's dialect (`$n` placeholders), answer not awaited.
    func send(postgres sql: String, _ arguments: [SQLValue] = []) {
        pending.append(send(sql, arguments))
    }

    /// Waits for every statement sent; throws the first failure.
    func flush() throws {
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
            return try send(sql, arguments).wait().rows
        } catch {
            throw PostgresProjectionError.server(error, doing: sql)
        }
    }

    private func translated(_ sql: String) -> String {
        if let known = translations[sql] { return known }
        let translation = PostgresDialect.translate(sql)
        translations[sql] = translation
        return translation
    }

    private func send(_ sql: String, _ arguments: [SQLValue]) -> EventLoopFuture<PostgresQueryResult> {
        statements += 1
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            if let text = PostgresText.parameter(argument) {
                bindings.append(UntypedText(text: text))
            } else {
                bindings.appendNull()
            }
        }
        return connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
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
