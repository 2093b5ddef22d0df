import ArgumentParser
import Foundation
import LogbookPostgres

/// Where `project`, `rebuild`, `serve` and `bench` put PostgreSQL read models, and `query`
/// and `serve` read them, when asked to.
struct PostgresOptions: ParsableArguments {
    @Option(
        name: .customLong("postgres"),
        help: ArgumentHelp(
            "The PostgreSQL database of the read models: project into it instead of projections.sqlite, query it (serve: project into it as well, answer queries from it).",
            discussion: "postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME] (schema logbook by default). Defaults to $LOGBOOK_POSTGRES_URL.",
            valueName: "url"))
    var url: String?

    @Option(
        name: .customLong("node-id"),
        help: ArgumentHelp(
            "This store's name in a PostgreSQL database that several stores share: its checkpoints and the node_id of its rows.",
            discussion: "Defaults to $LOGBOOK_NODE_ID, then the host name.", valueName: "id"))
    var nodeID: String?

    /// The location, when a URL is given here or (unless `flagOnly`) in the environment.
    func location(flagOnly: Bool = false) throws -> PostgresLocation? {
        let environment = ProcessInfo.processInfo.environment
        guard let url = url ?? (flagOnly ? nil : environment["LOGBOOK_POSTGRES_URL"]), !url.isEmpty else { return nil }
        return try PostgresLocation(url: url, nodeID: nodeID ?? environment["LOGBOOK_NODE_ID"] ?? PostgresLocation.defaultNodeID)
    }
}
