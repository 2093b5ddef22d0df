import Foundation
import LogbookCore

/// A one-line progress display on stderr, redrawn at most a few times a second, and only
/// when stderr is a terminal.
final class Progress {
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast

    init(enabled: Bool) {
        self.enabled = enabled
    }

    var elapsedSeconds: Double { Date().timeIntervalSince(start) }

    func update(events: Int, bytes: Int) {
        guard enabled, Date().timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = Date()
        let seconds = max(elapsedSeconds, 0.001)
        StandardError.write("\r\(events) events  \(format(Double(bytes) / 1_048_576, digits: 1)) MB  \(format(Double(events) / seconds, digits: 0)) events/s   ")
    }

    func finish() {
        if enabled && lastDraw != .distantPast { StandardError.write("\r\u{1B}[K") }
    }
}

func format(_ value: Double, digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}

/// Tells the user what opening the store had to repair after a crash.
enum RecoveryNotice {
    static func print(_ report: RecoveryReport) {
        if report.truncatedBytes > 0, let segment = report.truncatedSegment, let offset = report.truncatedOffset {
            StandardError.write("logbook: recovered from a crash: cut \(report.truncatedBytes) bytes of an unacknowledged batch off \(segment) at byte \(offset) (\(report.truncationReason ?? "invalid batch"))\n")
        }
        for base in report.sealedOnOpen {
            StandardError.write("logbook: recovered from a crash: sealed segment \(base)\n")
        }
    }
}
