import ArgumentParser
import Foundation
import LogbookServer
import LogbookStore
import Logging
import Metrics
import Prometheus

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the store over HTTP: append, read, follow (SSE), replay and query.",
        discussion: """
            Every request but GET /healthz needs `Authorization: Bearer TOKEN` (see `logbook token \
            create`). The server is the store's one writer; the read models follow the log inside \
            it, so queries see what was just appended. SIGTERM (or Ctrl-C) stops accepting new \
            requests, lets appends in flight finish and be acknowledged, then exits.

            Example:
              logbook token create --scope write --name agents
              logbook serve --listen 127.0.0.1:7700
              curl -H "Authorization: Bearer $LOGBOOK_TOKEN" localhost:7700/v1/query/stats
            """
    )

    @Option(help: ArgumentHelp("Where to listen (port 0 picks a free one and prints it).", valueName: "host:port"))
    var listen = "127.0.0.1:7700"

    @Option(name: .customLong("max-body-mb"), help: "The largest request body.")
    var maxBodyMB = 64

    @Option(name: .customLong("max-connections"), help: "Open connections at most; more wait to be accepted.")
    var maxConnections = 1024

    @Option(name: .customLong("idle-timeout"), help: "Seconds a connection may send and receive nothing before it is closed.")
    var idleTimeout: Int64 = 60

    @OptionGroup var store: StoreOptions
    @OptionGroup var write: WriteOptions
    @OptionGroup var postgres: PostgresOptions

    func run() async throws {
        var configuration = ServerConfiguration()
        do {
            try configuration.listen(on: listen)
        } catch {
            throw ValidationError("\(error)")
        }
        guard maxBodyMB > 0, maxConnections > 0, idleTimeout > 0 else {
            throw ValidationError("--max-body-mb, --max-connections and --idle-timeout must be at least 1")
        }
        configuration.idleTimeoutSeconds = idleTimeout
        configuration.maxBodyBytes = maxBodyMB << 20
        configuration.maxConnections = maxConnections
        do {
            configuration.postgres = try postgres.location()
        } catch {
            throw ValidationError("\(error)")
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var logger = store.logger()
        logger.logLevel = store.verbose ? .debug : .notice
        let opened: LogbookStore
        do {
            var options = try write.logOptions()
            options.io = SyncMetrics.observedIO()
            opened = try store.openStore(.writing(options))
        } catch {
            throw fail(error)
        }
        defer { opened.close() }
        opened.recovery.map(RecoveryNotice.print)
        let server = try LogbookServer(store: opened, configuration: configuration, registry: registry, logger: logger)
        let host = configuration.host
        try await server.run { port in
            var output = StandardOutput()
            output.write("listening on http://\(host):\(port)\n")
            output.flush()
        }
    }
}
