import Dispatch
import LogbookCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The fast ingest path of a JSONL file: lines are parsed into batches on the calling
/// thread while up to `pipeline` earlier batches are being written and synced by the log's
/// writer, so parsing overlaps the disk. `logbook ingest` and `logbook bench` both run it.
public struct JSONLIngest: Sendable {
    /// Events per batch: one append, all-or-nothing, per batch.
    public var batchSize: Int
    /// Batches handed to the writer before waiting for the first to be durable.
    public var pipeline: Int

    public init(batchSize: Int = 1000, pipeline: Int = 4) {
        precondition(batchSize > 0 && pipeline > 0, "batchSize and pipeline must be at least 1")
        self.batchSize = batchSize
        self.pipeline = pipeline
    }

    /// What an ingest did.
    public struct Outcome: Sendable {
        /// Events stored by acknowledged batches.
        public var appended = 0
        /// Events of acknowledged batches whose id was already stored.
        public var duplicates = 0
        /// JSONL bytes read, newlines included.
        public var bytes = 0
        /// The line that does not parse; the ingest stopped there and nothing of its batch was submitted.
        public var parseError: LogbookError?
        /// The first batch the log refused, with its line range; the ingest stopped there.
        public var failure: IngestFailure?
    }

    /// Reads every line of `reader` and appends the events to `log`, returning once every
    /// submitted batch is acknowledged or refused. `progress` gets the events acknowledged so
    /// far and the bytes read after each line. Throws what reading the input throws.
    public func run(_ reader: LineReader, into log: EventLog, progress: (_ appended: Int, _ bytes: Int) -> Void = { _, _ in }) throws -> Outcome {
        let tally = IngestTally(pipeline: pipeline)
        var batch: [EventDraft] = []
        batch.reserveCapacity(batchSize)
        var firstLine = 1
        var bytes = 0
        var parseError: LogbookError?

        func submit() {
            guard !batch.isEmpty else { return }
            tally.submit(batch, lines: firstLine...(batch.last?.location?.line ?? firstLine), to: log)
            batch.removeAll(keepingCapacity: true)
        }

        do {
            try reader.forEachLine { line, number in
                bytes += line.count + 1
                if batch.isEmpty { firstLine = number }
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return true }
                do {
                    let draft = try EventDraft.parse(jsonLine: line, location: EventLocation(index: batch.count, line: number), defaultTimestampMs: wallClockMs())
                    batch.append(draft)
                } catch let error as LogbookError {
                    parseError = error
                    return false
                }
                if batch.count == batchSize { submit() }
                progress(tally.appended, bytes)
                return !tally.failed
            }
        } catch {
            tally.drain()
            throw error
        }
        if parseError == nil { submit() }
        tally.drain()
        var outcome = tally.outcome
        outcome.bytes = bytes
        outcome.parseError = parseError
        return outcome
    }
}

/// A batch the log refused, and the JSONL lines it came from.
public struct IngestFailure: Sendable {
    public var error: LogbookError
    public var lines: ClosedRange<Int>
}

/// Counts what the writer acknowledged, and holds back the reader when `pipeline` batches
/// are in flight.
final class IngestTally: Sendable {
    private let state = Mutex(JSONLIngest.Outcome())
    private let slots: DispatchSemaphore
    private let pipeline: Int

    init(pipeline: Int) {
        self.pipeline = pipeline
        slots = DispatchSemaphore(value: pipeline)
    }

    var appended: Int { state.withLock { $0.appended } }
    var failed: Bool { state.withLock { $0.failure != nil } }
    var outcome: JSONLIngest.Outcome { state.withLock { $0 } }

    func submit(_ batch: [EventDraft], lines: ClosedRange<Int>, to log: EventLog) {
        slots.wait()
        log.append(batch) { result in
            self.state.withLock { state in
                switch result {
                case .success(let outcome):
                    state.appended += outcome.storedCount
                    state.duplicates += outcome.duplicateCount
                case .failure(let error):
                    if state.failure == nil { state.failure = IngestFailure(error: error, lines: lines) }
                }
            }
            self.slots.signal()
        }
    }

    /// Waits until every submitted batch is acknowledged or refused.
    func drain() {
        for _ in 0..<pipeline { slots.wait() }
        for _ in 0..<pipeline { slots.signal() }
    }
}

/// Milliseconds since the Unix epoch: the timestamp of a line without `timestamp_ms`.
public func wallClockMs() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
}
