import Hummingbird
import LogbookStore
import Metrics
import Prometheus

/// `/healthz` (the process answers), `/readyz` (the log is open and the read models keep up),
/// `/metrics` (Prometheus text).
struct HealthRoutes {
    let store: LogbookStore
    let configuration: ServerConfiguration
    let registry: PrometheusCollectorRegistry
    let lagGauge = Gauge(label: "logbook_projection_lag_events")

    func addOpen(to router: Router<LogbookRequestContext>) {
        router.get("healthz") { _, _ in try EventRoutes.json(["status": "ok"]) }
    }

    func addGuarded(to group: RouterGroup<LogbookRequestContext>) {
        group.get("readyz") { _, _ in
            let status = try await offLoop { [store] in try store.projectionStatus() }
            lagGauge.record(Double(status.lag))
            let ready = store.log != nil && !status.projectors.isEmpty && status.lag <= configuration.readyLag
            return try EventRoutes.json(
                Readiness(log: store.log != nil ? "open" : "closed", projectionLag: status.lag, head: status.head, ready: ready),
                status: ready ? .ok : .serviceUnavailable)
        }
        group.get("metrics") { _, _ in
            if let status = try? await offLoop({ [store] in try store.projectionStatus() }) { lagGauge.record(Double(status.lag)) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}

struct Readiness: Encodable {
    var log: String
    var projectionLag: UInt64
    var head: UInt64
    var ready: Bool

    enum CodingKeys: String, CodingKey {
        case log, projectionLag = "projection_lag", head, ready
    }
}
