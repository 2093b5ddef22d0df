import LogbookJSON

/// What is wrong with a payload of a known type, as (field, reason); nil when it follows its
/// rules or the type is unknown. `members` are the payload's top-level members when the
/// caller listed them already (the ingest path does, in the same pass as the envelope).
public typealias PayloadCheck = @Sendable (_ payload: [UInt8], _ eventType: String, _ members: [JSONMember]?) -> (field: String, reason: String)?

/// How a log is opened for writing.
public struct LogOptions: Sendable {
    /// When an append is acknowledged.
    public enum Durability: Sendable, Equatable {
        /// After `fdatasync` (the default). Concurrent appends share one sync (group commit).
        case always
        /// After the write; a background sync runs every `milliseconds`. A crash can lose
        /// what was acknowledged since the last sync, and so does a failed sync, after which
        /// the writer takes no appends until the log is opened again. Readers see only synced events.
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
    /// How many bytes of appends may wait for the writer; past it appenders wait their turn
    /// (back-pressure) instead of queueing without bound behind a slow disk.
    public var maxQueuedBytes: Int = 64 << 20
    /// The largest payload an event may carry.
    public var maxPayloadBytes: Int = 16 << 20
    /// Recovery checksums only what was written after the last checkpoint; one is written
    /// every time this many bytes have been synced.
    public var checkpointBytes: Int = 8 << 20
    /// Checks the payloads of the types it knows (the event catalogue, which the core does not
    /// own); nil: payloads need only be JSON objects.
    public var payloadCheck: PayloadCheck?
    /// The system-call layer; tests pass one with a `FaultInjector`.
    public var io: SystemIO = SystemIO()

    public init() {}
}
