import ArgumentParser
import Dispatch
import LogbookCore
import Synchronization

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Append the events of a JSONL file (or - for stdin).",
        discussion: """
            One event object per line: id (optional, generated when absent), event_type, \
            session_id (optional), trace_id, user_id and agent_id (optional), timestamp_ms \
            (optional, defaults to now) and payload (a JSON object). Events are appended in \
            batches, each all-or-nothing; a bad line stops the ingest with its line number, and \
            nothing of its batch is written. Ids make a second ingest of the same file a no-op.

            Example:  logbook generate --sessions 1000 | logbook ingest -
            """
    )

    @Argument(help: ArgumentHelp("The JSONL file, or - for stdin.", valueName: "file"))
    var file: String

    @Option(help: "Events per batch (one write and one sync per batch).")
    var batchSize = 1000

    @Option(help: "Batches handed to the writer before waiting for the first to be durable.")
    var pipeline = 4

    @OptionGroup var store: StoreOptions
    @OptionGroup var write: WriteOptions

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        guard pipeline > 0 else { throw ValidationError("--pipeline must be at least 1") }
    }

    func run() throws {
        let options = try write.logOptions()
        let log: EventLog
        do {
            log = try EventLog.open(directory: store.directory, options: options, logger: store.logger())
        } catch {
            throw fail(error)
        }
        defer { log.close() }
        RecoveryNotice.print(log.recovery)
        let reader = try LineReader(path: file, maxLineBytes: options.maxPayloadBytes + (64 << 10))
        let tally = IngestTally(pipeline: pipeline)
        let progress = Progress(enabled: StandardError.isTerminal)
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
                    let draft = try EventDraft.parse(jsonLine: line, location: EventLocation(index: batch.count, line: number), defaultTimestampMs: nowMs())
                    batch.append(draft)
                } catch let error as LogbookError {
                    parseError = error
                    return false
                }
                if batch.count == batchSize { submit() }
                progress.update(events: tally.appended, bytes: bytes)
                return !tally.failed
            }
        } catch {
            tally.drain()
            throw fail(error)
        }
        if parseError == nil { submit() }
        tally.drain()
        progress.finish()
        let summary = tally.summary(bytes: bytes, seconds: progress.elapsedSeconds)
        if let parseError {
            StandardError.write("logbook: \(parseError.message)\n")
            StandardError.write("logbook: stopped; \(summary.lowercasedFirst) before that line. Fix the line and ingest the file again: events with ids are stored once.\n")
            throw ExitCode(1)
        }
        if let failure = tally.failure {
            StandardError.write("logbook: \(failure.error.message)\n")
            StandardError.write("logbook: stopped at lines \(failure.lines.lowerBound)-\(failure.lines.upperBound) (not written); \(summary.lowercasedFirst) before them.\n")
            throw ExitCode(1)
        }
        print(summary)
    }
}

/// Counts what the writer acknowledged, and holds back the reader when `pipeline` batches
/// are in flight.
final class IngestTally: Sendable {
    struct Failure {
        var error: LogbookError
        var lines: ClosedRange<Int>
    }

    private struct State {
        var appended = 0
        var duplicates = 0
        var failure: Failure?
    }

    private let state = Mutex(State())
    private let slots: DispatchSemaphore
    private let pipeline: Int

    init(pipeline: Int) {
        self.pipeline = pipeline
        slots = DispatchSemaphore(value: pipeline)
    }

    var appended: Int { state.withLock { $0.appended } }
    var failed: Bool { state.withLock { $0.failure != nil } }
    var failure: Failure? { state.withLock { $0.failure } }

    func submit(_ batch: [EventDraft], lines: ClosedRange<Int>, to log: EventLog) {
        slots.wait()
        log.append(batch) { result in
            self.state.withLock { state in
                switch result {
                case .success(let outcome):
                    state.appended += outcome.storedCount
                    state.duplicates += outcome.duplicateCount
                case .failure(let error):
                    if state.failure == nil { state.failure = Failure(error: error, lines: lines) }
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

    func summary(bytes: Int, seconds: Double) -> String {
        let (appended, duplicates) = state.withLock { ($0.appended, $0.duplicates) }
        let megabytes = Double(bytes) / 1_048_576
        let rate = seconds > 0 ? Double(appended + duplicates) / seconds : 0
        var text = "Ingested \(appended) events (\(format(megabytes, digits: 1)) MB) in \(format(seconds, digits: 2)) s: "
            + "\(format(rate, digits: 0)) events/s, \(format(seconds > 0 ? megabytes / seconds : 0, digits: 1)) MB/s"
        if duplicates > 0 { text += "; \(duplicates) already stored (same id), skipped" }
        return text
    }
}

extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
