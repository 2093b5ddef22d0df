import HummingbirdCore
import Metrics

/// At most `maximum` open connections (more wait to be accepted), and their number as the
/// gauge `logbook_open_connections`. Called on the listening channel's event loop only.
struct ConnectionLimit: AvailableConnectionsDelegate {
    let maximum: Int
    private var open = 0
    private let gauge = Gauge(label: "logbook_open_connections")

    init(maximum: Int) {
        self.maximum = maximum
        gauge.record(0)
    }

    mutating func connectionOpened() {
        open += 1
        gauge.record(open)
    }

    mutating func connectionClosed() {
        open -= 1
        gauge.record(open)
    }

    func isAcceptingNewConnections() -> Bool {
        open < maximum
    }
}
