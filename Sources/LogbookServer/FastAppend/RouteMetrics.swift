import HTTPTypes
import Metrics
import Synchronization

/// The request metrics Hummingbird's `MetricsMiddleware` keeps for a route (`hb.requests`,
/// `http.server.request.duration`, `hb.request.errors`, by status, and
/// `http.server.active_requests` by method), kept the same way for the appends answered by
/// `AppendChannelHandler`, so `/metrics` counts every append.
final class RouteMetrics: Sendable {
    private struct ByStatus: Sendable {
        let requests: Counter
        let duration: Timer
        let errors: Counter
    }

    private let route: String
    private let method: HTTPRequest.Method
    private let byStatus = Mutex<[Int: ByStatus]>([:])
    private let active: Meter

    init(route: String, method: HTTPRequest.Method) {
        self.route = route
        self.method = method
        active = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", method.rawValue)])
    }

    /// A request is being answered; `record` ends it.
    func began() {
        active.increment()
    }

    func record(status: HTTPResponse.Status, started: ContinuousClock.Instant) {
        active.decrement()
        let metrics = byStatus.withLock { known in
            if let metrics = known[status.code] { return metrics }
            let dimensions = [("http.route", route), ("http.request.method", method.rawValue)]
            let metrics = ByStatus(
                requests: Counter(label: "hb.requests", dimensions: dimensions + [("http.response.status_code", String(status.code))]),
                duration: Timer(
                    label: "http.server.request.duration", dimensions: dimensions + [("http.response.status_code", String(status.code))],
                    preferredDisplayUnit: .seconds),
                errors: Counter(label: "hb.request.errors", dimensions: dimensions + [("error.type", String(status.code))]))
            known[status.code] = metrics
            return metrics
        }
        metrics.requests.increment()
        metrics.duration.record(duration: ContinuousClock.now - started)
        if status.code >= 400 { metrics.errors.increment() }
    }
}
