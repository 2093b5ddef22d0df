/// Why projecting into PostgreSQL, or querying it, failed, with what to do about it.
public struct PostgresProjectionError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        let name: String
        public static let badURL = Code(name: "badURL")
        public static let busy = Code(name: "busy")
        public static let foreignLog = Code(name: "foreignLog")
        public static let noSchema = Code(name: "noSchema")
        public static let unsupportedValue = Code(name: "unsupportedValue")
        public static let server = Code(name: "server")
        public static let unreachable = Code(name: "unreachable")
    }

    public var code: Code
    public var message: String

    public var description: String { message }

    static func badURL(_ url: String, _ reason: String) -> Self {
        Self(code: .badURL, message: "cannot use PostgreSQL URL '\(url)': \(reason); expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
    }

    static func busy(node: String, schema: String) -> Self {
        Self(code: .busy, message: "another process is projecting node '\(node)' into schema \(schema); stop it (e.g. `logbook project --follow`) or give this store another --node-id")
    }

    static func foreignLog(node: String, reason: String) -> Self {
        Self(code: .foreignLog, message: "node '\(node)' in this database was folded from another log: \(reason); give this store its own --node-id, or run `logbook rebuild --postgres` to fold it again from this log")
    }

    static func noSchema(_ projector: String, file: String) -> Self {
        Self(code: .noSchema, message: "projector \(projector) has no PostgreSQL DDL (schemas/readmodels/postgres/\(file).sql)")
    }

    static func unsupportedValue(table: String, column: String, reason: String) -> Self {
        Self(code: .unsupportedValue, message: "cannot copy \(table).\(column) into PostgreSQL: \(reason)")
    }

    static func server(_ error: any Error, doing what: String) -> Self {
        Self(code: .server, message: "PostgreSQL refused \(what): \(String(reflecting: error))")
    }
}

extension PostgresProjectionError {
    static func unreachable(_ location: PostgresLocation, _ error: any Error) -> Self {
        Self(
            code: .unreachable,
            message: "cannot reach PostgreSQL at \(location.host):\(location.port)/\(location.database): \(String(reflecting: error)); "
                + "start the server, or check the URL (--postgres or LOGBOOK_POSTGRES_URL)")
    }
}
