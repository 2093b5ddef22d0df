import Hummingbird
import HummingbirdCore
import Logging
import LogbookPostgres
import LogbookStore
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle

/// `logbook serve`: the HTTP front end of one store, routing over the service layer. Appends
/// are acknowledged once durable (group commit shares a sync among concurrent requests),
/// the read models follow the log in the same process, and SIGTERM drains in-flight requests.
public struct LogbookServer: Sendable {
    public let store: LogbookStore
    public let configuration: ServerConfiguration
    let tokens: TokenCache
    let registry: PrometheusCollectorRegistry
    let logger: Logger

    /// Metrics go to `registry`, which must be the one bootstrapped into swift-metrics
    /// (`MetricsSystem.bootstrap(PrometheusMetricsFactory(registry:))`), once per process.
    public init(store: LogbookStore, configuration: ServerConfiguration, registry: PrometheusCollectorRegistry, logger: Logger) throws {
        self.store = store
        self.configuration = configuration
        self.registry = registry
        self.logger = logger
        tokens = try TokenCache(store: TokenStore(directory: store.directory), logger: logger)
    }

    /// Serves until SIGTERM or SIGINT; `onListening` gets the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        if tokens.isEmpty {
            logger.warning("no tokens yet: every request but /healthz will get 401; create one with `logbook token create --scope write`")
        }
        let gate = ShutdownGate()
        let live = try LiveEvents(store: store, logger: logger)
        let readModels = queryReadModels
        let appendMetrics = AppendMetrics()
        let router = makeRouter(gate: gate, live: live, readModels: readModels, appendMetrics: appendMetrics)
        let appendShared = AppendChannelHandler.Shared(
            store: store, tokens: tokens, gate: gate, metrics: appendMetrics, routeMetrics: RouteMetrics(route: "/v1/events", method: .post),
            maxBodyBytes: min(configuration.maxBodyBytes, Self.eventLoopBodyBytes), logger: logger)
        var applicationConfiguration = ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "logbook")
        applicationConfiguration.availableConnectionsDelegate = ConnectionLimit(maximum: configuration.maxConnections)
        let application = Application(
            router: router,
            server: .http1(configuration: .init(
                additionalChannelHandlers: [AppendChannelHandler(shared: appendShared)],
                idleTimeout: .seconds(configuration.idleTimeoutSeconds))),
            configuration: applicationConfiguration,
            services: projectionServices + [live],
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
        // Services stop in reverse order: the gate first, so requests that arrive while the
        // server drains get 503 and event streams end, then the application.
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: application), .init(service: gate)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            await (readModels as? PostgresReadModels)?.close()
            throw error
        }
        await (readModels as? PostgresReadModels)?.close()
    }

    /// The read models queries and `/readyz` read: PostgreSQL's when configured (the server
    /// projects into it), else the store's SQLite ones.
    var queryReadModels: any ReadModelQueries {
        if let location = configuration.postgres { return PostgresReadModels(location: location, logger: logger) }
        return ReadModelsHandle(path: store.readModelsPath)
    }

    /// The SQLite read models, and the PostgreSQL ones when configured.
    var projectionServices: [any Service] {
        var services: [any Service] = [ProjectionService(reader: store.reader, logger: logger)]
        if let location = configuration.postgres {
            services.append(PostgresProjectionService(location: location, reader: store.reader, logger: logger))
        }
        return services
    }

    /// The largest append body parsed on an event loop (`AppendChannelHandler`): a quarter
    /// of a megabyte parses in well under a millisecond; larger bodies go through the router.
    static let eventLoopBodyBytes = 256 << 10

    func makeRouter(gate: ShutdownGate, live: LiveEvents, readModels: any ReadModelQueries, appendMetrics: AppendMetrics) -> Router<LogbookRequestContext> {
        let router = Router(context: LogbookRequestContext.self)
        router.add(middleware: ErrorMiddleware(storeDirectory: store.directory))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ShutdownMiddleware(gate: gate))
        let health = HealthRoutes(
            store: store, configuration: configuration, readModels: readModels, backend: configuration.postgres == nil ? .sqlite : .postgresql,
            registry: registry)
        health.addOpen(to: router)
        OpenAPIRoutes().add(to: router)
        WebRoutes().add(to: router)
        let events = EventRoutes(store: store, configuration: configuration, gate: gate, live: live, metrics: appendMetrics)
        let authenticated = router.group().add(middleware: AuthMiddleware(tokens: tokens))
        health.addGuarded(to: authenticated)
        let reads = authenticated.group("v1").add(middleware: ScopeMiddleware(.read))
        events.addRead(to: reads)
        ReplayRoutes(store: store).add(to: reads)
        QueryRoutes(store: store, readModels: readModels).add(to: reads)
        let writes = authenticated.group("v1").add(middleware: ScopeMiddleware(.write))
        events.addWrite(to: writes)
        OTLPRoutes(store: store, configuration: configuration).add(to: writes)
        return router
    }
}
