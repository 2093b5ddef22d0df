/// What an append did with each event of its batch.
public struct AppendResult: Sendable, Equatable {
    public struct Event: Sendable, Equatable {
        public var id: LogUUID
        public var position: UInt64
        /// The event's version in its session; nil for an event without a session and for a
        /// duplicate (which keeps the version it was first stored with).
        public var sessionSeq: UInt64?
        /// True when an event with this id was already in the log: nothing new was stored,
        /// and `position` is where the original is.
        public var isDuplicate: Bool
    }

    public var events: [Event]

    public var storedCount: Int { events.count { !$0.isDuplicate } }
    public var duplicateCount: Int { events.count { $0.isDuplicate } }
}
