/// What a reader read of a session or trace from each sealed segment, kept for the next read.
/// An agent replays its session before every turn; a sealed segment never changes, so the
/// events it gave (read, checked, decompressed, decoded) are served again without touching
/// its blocks, and only the session's newest events — in the active segment — are read anew.
/// A scattered session costs a block decompression per event when read cold
/// (`docs/bench-results.md`); read again, a copy of the array.
///
/// Bounded by an estimate of the bytes it holds; past the budget, the least recently used
/// parts go first. A part is keyed by the segment's base and whole-file checksum, so a file
/// renamed over the segment (a footer repair) is never answered from what the old one held.
final class SealedStreamCache: Sendable {
    struct Key: Hashable {
        var segment: UInt64
        var fileCRC: UInt32
        var isTrace: Bool
        /// The session's or the trace's id.
        var id: LogUUID
    }

    /// A key's events in one segment, and the link to the previous segment holding the key.
    struct Part: Sendable {
        var previousSegment: UInt64
        var events: [RecordedEvent]
        var bytes: Int

        init(previousSegment: UInt64, events: [RecordedEvent]) {
            self.previousSegment = previousSegment
            self.events = events
            bytes = events.reduce(64) { $0 + Self.estimatedBytes(of: $1) }
        }

        /// The event's own bytes and what its strings and arrays cost beside them.
        static func estimatedBytes(of event: RecordedEvent) -> Int {
            MemoryLayout<RecordedEvent>.stride + event.payload.count + event.eventType.utf8.count
                + (event.userID?.utf8.count ?? 0) + (event.agentID?.utf8.count ?? 0) + 96
        }
    }

    static let defaultBudget = 32 << 20

    private struct State {
        var parts: [Key: (part: Part, lastUse: UInt64)] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    let budget: Int
    private let state = Locked(State())

    init(budget: Int = SealedStreamCache.defaultBudget) {
        self.budget = budget
    }

    /// The estimated bytes held now; never more than the budget.
    var bytes: Int { state.withLock { $0.bytes } }

    func part(_ key: Key) -> Part? {
        state.withLock { state in
            guard let found = state.parts[key] else { return nil }
            state.clock += 1
            state.parts[key]?.lastUse = state.clock
            return found.part
        }
    }

    /// Keeps `part`, unless it alone would take more than a quarter of the budget (one huge
    /// session would otherwise push out everything else). Past the budget, drops the least
    /// recently used parts down to three quarters of it, so evictions come in batches.
    func insert(_ part: Part, for key: Key) {
        guard part.bytes <= budget / 4 else { return }
        state.withLock { state in
            state.clock += 1
            if let old = state.parts.updateValue((part, state.clock), forKey: key) { state.bytes -= old.part.bytes }
            state.bytes += part.bytes
            guard state.bytes > budget else { return }
            for (oldKey, old) in state.parts.sorted(by: { $0.value.lastUse < $1.value.lastUse }) where state.bytes > budget * 3 / 4 {
                state.parts[oldKey] = nil
                state.bytes -= old.part.bytes
            }
        }
    }
}
