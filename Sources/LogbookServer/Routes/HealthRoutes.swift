import Hummingbird
import LogbookStore
import Metrics
import Prometheus

/// `/healthz` (the process answers), `/readyz` (the log is open and the read models that
/// answer queries answer and keep up), `/metrics` (Prometheus text).
struct HealthRoutes {
    let store: LogbookStore
    let configuration: ServerConfiguration
    let readModels: any ReadModelQueries
    let backend: ReadModelHealth.Backend
    let registry: PrometheusCollectorRegistry
    let lagGauge = Gauge(label: "logbook_projection_lag_events")

    func addOpen(to router: Router<LogbookRequestContext>) {
        router.get("healthz") { _, _ in try EventRoutes.json(["status": "ok"]) }
    }

    func addGuarded(to group: RouterGroup<LogbookRequestContext>) {
        group.get("readyz") { _, _ in
            let health = try await readModelHealth()
            lagGauge.record(Double(health.lag))
            let ready = store.log != nil && health.reachable && !health.projectors.isEmpty && health.lag <= configuration.readyLag
            return try EventRoutes.json(
                Readiness(log: store.log != nil ? "open" : "closed", projectionLag: health.lag, head: health.head, ready: ready, readModels: health),
                status: ready ? .ok : .serviceUnavailable)
        }
        group.get("metrics") { _, _ in
            if let health = try? await readModelHealth() { lagGauge.record(Double(health.lag)) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    private func readModelHealth() async throws -> ReadModelHealth {
        try await store.readModelHealth(of: { [readModels] in readModels }, backend: backend)
    }
}

struct Readiness: Encodable {
    var log: String
    /// The lag of the read models that answer queries.
    var projectionLag: UInt64
    var head: UInt64
    var ready: Bool
    var readModels: ReadModelHealth

    enum CodingKeys: String, CodingKey {
        case log, projectionLag = "projection_lag", head, ready, readModels = "read_models"
    }
}
