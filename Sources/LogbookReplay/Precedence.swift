import LogbookCatalogue
import LogbookCore

/// How an event fared against another that competes for the same slot (a run's ending, an
/// execution's start): by `EventRules.precedes`, the earlier by `(timestamp_ms, event id)` wins.
enum Precedence: Equatable {
    /// The slot was empty.
    case first
    /// It took the slot from the event at this position, which is later.
    case won(over: UInt64)
    /// The event at this position, which is earlier, keeps the slot.
    case lost(to: UInt64)

    /// `event` against the slot's holder (`held`: its timestamp, id and position).
    static func of(_ event: RecordedEvent, against held: (timestampMs: Int64, id: String, position: UInt64)?) -> Precedence {
        guard let held else { return .first }
        return EventRules.precedes((event.timestampMs, event.id.description), (held.timestampMs, held.id))
            ? .won(over: held.position) : .lost(to: held.position)
    }

    /// Whether the event takes the slot.
    var applies: Bool {
        if case .lost = self { return false }
        return true
    }
}
