/// How projecting runs.
public struct ProjectionOptions: Sendable {
    /// Events per transaction while catching up and following.
    public var batchSize = 1_000
    /// Events per transaction while rebuilding into the shadow database.
    public var rebuildBatchSize = 5_000
    /// Called inside each batch's transaction after each event is applied, with the batch's
    /// number (from 0, counted per run) and the event's index in it; throwing aborts the
    /// transaction, as a crash would. For tests.
    public var interruption: (@Sendable (_ batch: Int, _ event: Int) throws -> Void)?

    public init() {}
}

/// How far a catch-up or a rebuild has got.
public struct ProjectionProgress: Sendable {
    public var events: Int
    public var position: UInt64
    public var head: UInt64
    public var seconds: Double

    public init(events: Int, position: UInt64, head: UInt64, seconds: Double) {
        self.events = events
        self.position = position
        self.head = head
        self.seconds = seconds
    }
}

/// What a catch-up did.
public struct CatchUpSummary: Sendable {
    /// Events read from the log and applied (each to the projectors that had not applied it).
    public var events: Int
    public var batches: Int
    public var seconds: Double
    /// The log's head when the catch-up ended: every projector has applied everything below it.
    public var head: UInt64
    /// Rebuilds done first because a projector's version had changed.
    public var rebuilds: [RebuildSummary]

    public init(events: Int, batches: Int, seconds: Double, head: UInt64, rebuilds: [RebuildSummary]) {
        self.events = events
        self.batches = batches
        self.seconds = seconds
        self.head = head
        self.rebuilds = rebuilds
    }

    public var eventsPerSecond: Double { Double(events) / max(seconds, 1e-9) }
}

/// What a rebuild did.
public struct RebuildSummary: Sendable {
    public var projectors: [String]
    public var events: Int
    /// Folding the log into the shadow database.
    public var loadSeconds: Double
    /// Copying the shadow's tables in, indexing them and swapping, in one transaction.
    public var swapSeconds: Double
    public var head: UInt64

    public init(projectors: [String], events: Int, loadSeconds: Double, swapSeconds: Double, head: UInt64) {
        self.projectors = projectors
        self.events = events
        self.loadSeconds = loadSeconds
        self.swapSeconds = swapSeconds
        self.head = head
    }

    public var seconds: Double { loadSeconds + swapSeconds }
    public var eventsPerSecond: Double { Double(events) / max(seconds, 1e-9) }
}
