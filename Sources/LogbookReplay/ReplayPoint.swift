import Foundation
import LogbookCore

/// The moment a replay reconstructs: what a reader of the store could have seen then.
public enum ReplayPoint: Sendable, Equatable {
    /// Everything the log holds now.
    case latest
    /// Events at positions up to and including this one.
    case position(UInt64)
    /// Events the store had recorded by this time (ms since the epoch, inclusive), by its
    /// own clock (`recorded_at_ms`), not the client's `timestamp_ms`: a client's clock says
    /// when something happened, the store's when a reader could first see it.
    case recordedAt(Int64)

    /// The exclusive position bound to hand the reader, so later blocks are never read.
    var readBound: UInt64 {
        if case .position(let last) = self { return last == .max ? .max : last + 1 }
        return .max
    }

    /// The events, of one session or trace in position order, visible at this point. A
    /// reader sees a prefix of the log, so a time point ends at the first event recorded
    /// after it, even if the store clock stepped back for a later one.
    public func visible(_ events: [RecordedEvent]) -> [RecordedEvent] {
        switch self {
        case .latest: return events
        case .position(let last): return events.filter { $0.position <= last }
        case .recordedAt(let time): return Array(events.prefix { $0.recordedAtMs <= time })
        }
    }

    /// Parses a time given as ms since the epoch or as ISO-8601 (`2026-01-01T12:00:00Z`,
    /// fractional seconds and offsets allowed); nil when it is neither.
    public static func time(_ text: String) -> ReplayPoint? {
        if let epochMs = Int64(text) { return .recordedAt(epochMs) }
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) {
                return .recordedAt(Int64((date.timeIntervalSince1970 * 1000).rounded()))
            }
        }
        return nil
    }
}

extension ReplayPoint: Encodable {
    enum CodingKeys: String, CodingKey {
        case latest, position, recordedAtMs = "recorded_at_ms"
    }

    /// `{"latest":true}`, `{"position":N}` or `{"recorded_at_ms":T}`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .latest: try container.encode(true, forKey: .latest)
        case .position(let position): try container.encode(position, forKey: .position)
        case .recordedAt(let time): try container.encode(time, forKey: .recordedAtMs)
        }
    }
}
