import LogbookPostgres

/// How `logbook serve` listens and what it allows.
public struct ServerConfiguration: Sendable {
    public static let defaultMaxBodyBytes = 64 << 20

    public var host = "127.0.0.1"
    public var port = 7700
    /// The largest request body; larger ones get 413 before they are read whole.
    public var maxBodyBytes = defaultMaxBodyBytes
    /// Connections beyond this wait in the listen backlog instead of being accepted.
    public var maxConnections = 1024
    /// A connection that sends or receives nothing for this long is closed (a client trickling
    /// or abandoning its request cannot hold a connection forever).
    public var idleTimeoutSeconds: Int64 = 60
    /// `/readyz` fails while the read models that answer queries are more than this many
    /// events behind the log.
    public var readyLag: UInt64 = 10_000
    /// Seconds between SSE heartbeats.
    public var heartbeatSeconds: Double = 15
    /// A PostgreSQL database the server also keeps the read models current in, and answers
    /// queries from (`/readyz` then weighs its reachability and lag).
    public var postgres: PostgresLocation?

    public init() {}

    /// Parses `HOST:PORT` (or `:PORT`, or a port alone).
    public mutating func listen(on text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let portText = parts.last, let port = Int(portText), (0...65535).contains(port) else {
            throw ServerError("--listen '\(text)' is not HOST:PORT (for example 127.0.0.1:7700)")
        }
        if parts.count > 1 {
            let host = parts.dropLast().joined(separator: ":")
            if !host.isEmpty { self.host = host }
        }
        self.port = port
    }
}

/// A configuration or start-up problem of the server, said plainly.
public struct ServerError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
