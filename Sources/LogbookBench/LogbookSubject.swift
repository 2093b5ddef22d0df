import LogbookCatalogue
import LogbookCore
import LogbookIngest
import Logging

/// Logbook as the bench drives it: through its public API only, the way `logbook ingest`
/// and `logbook read` do.
public struct LogbookSubject: Sendable {
    public var batchSize = 1000
    public var pipeline = 4
    public var logger: Logger

    public init(batchSize: Int = 1000, pipeline: Int = 4, logger: Logger) {
        self.batchSize = batchSize
        self.pipeline = pipeline
        self.logger = logger
    }

    /// The options of a durable log with the default segment size: every batch is on disk
    /// (`fdatasync`) before it is acknowledged.
    public static var durableOptions: LogOptions {
        var options = LogOptions()
        options.payloadCheck = EventCatalogue.problem
        options.durability = .always
        return options
    }

    /// Ingests `jsonl` into a new log at `directory` on the path `logbook ingest` takes and
    /// closes the log. Returns the events stored and the seconds until the last batch was
    /// acknowledged (opening and closing the log not included, as `logbook ingest` reports).
    /// With `segmentBytes`, the active segment rolls at that size instead of the default.
    public func ingest(jsonl: String, into directory: String, segmentBytes: Int? = nil) throws(BenchError) -> (events: Int, seconds: Double) {
        var options = Self.durableOptions
        if let segmentBytes { options.segmentBytes = segmentBytes }
        let log = try open(directory, options: options)
        defer { log.close() }
        let outcome: JSONLIngest.Outcome
        let seconds: Double
        do {
            let reader = try LineReaders.open(jsonl)
            (outcome, seconds) = try ProcessMetrics.timed {
                try JSONLIngest(batchSize: batchSize, pipeline: pipeline).run(reader, into: log)
            }
        } catch {
            throw BenchError("Logbook ingest of \(jsonl) failed: \(error)")
        }
        if let error = outcome.parseError { throw BenchError("Logbook ingest of \(jsonl) failed: \(error.message)") }
        if let failure = outcome.failure { throw BenchError("Logbook ingest of \(jsonl) failed: \(failure.error.message)") }
        return (outcome.appended, seconds)
    }

    /// Seals the active segment of the closed log at `directory`, as its age limit would:
    /// opens it with a zero segment age, so the writer rolls the (non-empty) active segment
    /// and the sealer compresses it before `close` returns. Throws when something was left
    /// unsealed.
    public func sealActiveSegment(_ directory: String) throws(BenchError) {
        var options = Self.durableOptions
        options.segmentAgeMs = 0
        let log = try open(directory, options: options)
        log.close()
        let head = try stats(directory).events
        let newest = try BenchFiles.listDirectory(directory).filter { $0.hasSuffix(".seg") }.max()
        guard head == 0 || newest.flatMap({ UInt64($0.dropLast(4)) }) == head else {
            throw BenchError("the active segment of \(directory) was not sealed (newest segment \(newest ?? "none"), head \(head))")
        }
    }

    public func stats(_ directory: String) throws(BenchError) -> LogStats {
        do {
            return try LogReader.open(directory: directory).stats()
        } catch {
            throw BenchError("cannot read the stats of \(directory): \(error.message)")
        }
    }

    /// Reads every event of the log with `forEach`, touching every field; returns the events
    /// read and their payload bytes.
    public func scanAll(_ directory: String) throws(BenchError) -> (events: Int, bytes: Int) {
        var events = 0
        var bytes = 0
        var digest: UInt64 = 0
        do {
            let reader = try LogReader.open(directory: directory)
            try reader.forEach(in: 0..<UInt64.max) { event in
                events += 1
                bytes += event.payload.count
                digest &+= event.id.low &+ event.traceID.high &+ (event.sessionID?.low ?? 0) &+ UInt64(bitPattern: event.timestampMs)
                digest &+= UInt64(event.eventType.utf8.count &+ (event.userID?.utf8.count ?? 0) &+ (event.agentID?.utf8.count ?? 0))
                digest &+= UInt64(event.payload.last ?? 0)
                return true
            }
        } catch {
            throw BenchError("cannot scan \(directory): \(error.message)")
        }
        blackHole(digest)
        return (events, bytes)
    }

    /// Opens a reader on `directory` and times `events(session:)` for each session, in order.
    /// Returns each read's seconds and the events it returned.
    public func replaySessions(_ directory: String, sessions: [LogUUID]) throws(BenchError) -> [(seconds: Double, events: Int)] {
        do {
            let reader = try LogReader.open(directory: directory)
            _ = try reader.head()
            var results: [(seconds: Double, events: Int)] = []
            results.reserveCapacity(sessions.count)
            for session in sessions {
                let start = ProcessMetrics.now()
                let events = try reader.events(session: session)
                let seconds = ProcessMetrics.now() - start
                blackHole(events.last?.payload.count)
                results.append((seconds, events.count))
            }
            return results
        } catch {
            throw BenchError("cannot replay sessions of \(directory): \(error.message)")
        }
    }

    /// Times `EventLog.open` on the log at `directory` (recovery included), then closes it.
    /// Returns the seconds and what recovery reported.
    public func timeOpen(_ directory: String) throws(BenchError) -> (seconds: Double, recovery: RecoveryReport) {
        let start = ProcessMetrics.now()
        let log = try open(directory, options: Self.durableOptions)
        let seconds = ProcessMetrics.now() - start
        let recovery = log.recovery
        log.close()
        return (seconds, recovery)
    }

    private func open(_ directory: String, options: LogOptions) throws(BenchError) -> EventLog {
        do {
            return try EventLog.open(directory: directory, options: options, logger: logger)
        } catch {
            throw BenchError("cannot open the log at \(directory): \(error.message)")
        }
    }
}
