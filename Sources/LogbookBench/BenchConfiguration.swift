import Logging

/// What a bench measures and where.
public struct BenchConfiguration: Sendable {
    /// Events of the generated workload.
    public var events = 200_000
    /// Times each measurement is repeated; figures are the median and the range.
    public var runs = 3
    public var seed: UInt64 = 1
    /// Events per Logbook batch, rows per SQLite transaction, lines per bare-loop chunk.
    public var batchSize = 1000
    /// Logbook batches in flight (as `logbook ingest --pipeline`).
    public var pipeline = 4
    /// Sessions replayed one by one in each run.
    public var sessionSamples = 200
    /// Events of the large log a long session is scattered through (0: not measured).
    public var scatteredEvents = 1_000_000
    /// Events of that session.
    public var scatteredSessionEvents = 1_000
    /// Reads of that session timed in each run.
    public var scatteredReads = 30
    /// The directory under which the scratch directory is made: its disk is the one measured.
    public var scratchParent = BenchFiles.defaultParent
    /// Keep the scratch directory (workload, stores) instead of removing it.
    public var keep = false
    /// The logger handed to the logs the bench opens.
    public var logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    func validate() throws(BenchError) {
        guard events > 0 else { throw BenchError("events must be at least 1") }
        guard runs > 0 else { throw BenchError("runs must be at least 1") }
        guard batchSize > 0 else { throw BenchError("the batch size must be at least 1") }
        guard pipeline > 0 else { throw BenchError("the pipeline must be at least 1") }
        guard sessionSamples > 0 else { throw BenchError("sessions to replay must be at least 1") }
        guard scatteredEvents >= 0 else { throw BenchError("the scattered session's log cannot have fewer than 0 events") }
        guard scatteredSessionEvents > 0, scatteredReads > 0 else { throw BenchError("the scattered session needs at least 1 event and 1 read") }
    }
}

/// What a bench tells while it runs: one line per step, for stderr.
public typealias BenchProgress = @Sendable (String) -> Void
