import Foundation
import PostgresNIO

/// Where the read models go: a server, a database, the schema that holds the tables
/// (`logbook` unless the URL says `?schema=`), and this node's id, which every row and
/// checkpoint carries so that several nodes can share one database.
public struct PostgresLocation: Sendable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var schema: String
    public var nodeID: String

    /// Parses `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME]`.
    public init(url: String, nodeID: String) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw PostgresProjectionError.badURL(url, "the scheme must be postgres://")
        }
        guard let host = components.host, !host.isEmpty else { throw PostgresProjectionError.badURL(url, "no host") }
        guard let user = components.user, !user.isEmpty else { throw PostgresProjectionError.badURL(url, "no user") }
        self.host = host
        port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        password = components.password?.removingPercentEncoding
        let path = components.path.drop(while: { $0 == "/" })
        database = path.isEmpty ? self.user : String(path)
        schema = components.queryItems?.first(where: { $0.name == "schema" })?.value ?? "logbook"
        guard Self.isIdentifier(schema) else {
            throw PostgresProjectionError.badURL(url, "schema '\(schema)' must be lower-case letters, digits and _")
        }
        guard !nodeID.isEmpty else { throw PostgresProjectionError.badURL(url, "the node id is empty") }
        self.nodeID = nodeID
    }

    /// The schema a rebuild fills before it replaces `schema`.
    var shadowSchema: String { schema + "_rebuild" }

    var configuration: PostgresConnection.Configuration {
        PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
    }

    /// The node id as the PostgreSQL setting `logbook.node_id`, which fills every row's `node_id`.
    var nodeSetting: String { "SET logbook.node_id = " + PostgresText.literal(nodeID) }

    static func isIdentifier(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 50 && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && !("0"..."9").contains(name.unicodeScalars.first!)
    }

    /// The default node id: this host's name.
    public static var defaultNodeID: String { ProcessInfo.processInfo.hostName }
}
