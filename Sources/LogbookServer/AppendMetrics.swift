import LogbookCore
import Metrics

/// What `/metrics` says of appends, from whichever path took them (the route or
/// `AppendChannelHandler`).
struct AppendMetrics: Sendable {
    let duration = Timer(label: "logbook_append_duration_seconds", preferredDisplayUnit: .seconds)
    let appends = Counter(label: "logbook_appends_total")
    let events = Counter(label: "logbook_events_appended_total")
    let bytes = Counter(label: "logbook_append_bytes_total")
    let refused = Counter(label: "logbook_appends_refused_total")

    /// An append that was stored: `started` is when its request began, `bodyBytes` its size.
    func stored(_ result: AppendResult, bodyBytes: Int, started: ContinuousClock.Instant) {
        duration.record(duration: ContinuousClock.now - started)
        appends.increment()
        events.increment(by: result.storedCount)
        bytes.increment(by: bodyBytes)
    }
}
