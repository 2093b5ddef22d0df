/// How a log is opened for writing.
public struct LogOptions: Sendable {
    /// When an append is acknowledged.
    public enum Durability: Sendable, Equatable {
        /// After `fdatasync` (the default). Concurrent appends share one sync (group commit).
        case always
        /// After the write; a background sync runs every `milliseconds`. A crash can lose
        /// what was acknowledged since the last sync. Readers see only synced events.
        case interval(milliseconds: Int)
        /// After the write; the operating system decides when bytes reach the disk. A crash of
        /// the machine can lose acknowledged events; a crash of the process cannot.
        case none
    }

    public var durability: Durability = .always
    /// The active segment rolls (and is sealed) once it holds this many bytes.
    public var segmentBytes: Int = 64 << 20
    /// … or once it is this old, in milliseconds, and not empty.
    public var segmentAgeMs: Int64 = 60 * 60 * 1000
    /// The largest payload an event may carry.
    public var maxPayloadBytes: Int = 16 << 20
    /// Recovery checksums only what was written after the last checkpoint; one is written
    /// every time this many bytes have been synced.
    public var checkpointBytes: Int = 8 << 20
    /// The system-call layer; tests pass one with a `FaultInjector`.
    public var io: SystemIO = SystemIO()

    public init() {}
}

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
