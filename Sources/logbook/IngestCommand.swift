import ArgumentParser
import LogbookCore
import LogbookIngest
import LogbookStore

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
        let opened: LogbookStore
        do {
            opened = try store.openStore(.writing(try write.logOptions()))
        } catch {
            throw fail(error)
        }
        defer { opened.close() }
        opened.recovery.map(RecoveryNotice.print)
        let progress = Progress(enabled: StandardError.isTerminal)
        let outcome: JSONLIngest.Outcome
        do {
            outcome = try opened.ingest(file: file, batchSize: batchSize, pipeline: pipeline) { appended, bytes in
                progress.update(events: appended, bytes: bytes)
            }
        } catch let error as LogbookError {
            throw fail(error)
        }
        progress.finish()
        let summary = Self.summary(outcome, seconds: progress.elapsedSeconds)
        if let parseError = outcome.parseError {
            StandardError.write("logbook: \(parseError.message)\n")
            StandardError.write("logbook: stopped; \(summary.lowercasedFirst) before that line. Fix the line and ingest the file again: events with ids are stored once.\n")
            throw ExitCode(1)
        }
        if let failure = outcome.failure {
            StandardError.write("logbook: \(failure.error.message)\n")
            StandardError.write("logbook: stopped at lines \(failure.lines.lowerBound)-\(failure.lines.upperBound) (not written); \(summary.lowercasedFirst) before them.\n")
            throw ExitCode(1)
        }
        print(summary)
    }

    static func summary(_ outcome: JSONLIngest.Outcome, seconds: Double) -> String {
        let megabytes = Double(outcome.bytes) / 1_048_576
        let rate = seconds > 0 ? Double(outcome.appended + outcome.duplicates) / seconds : 0
        var text = "Ingested \(outcome.appended) events (\(format(megabytes, digits: 1)) MB) in \(format(seconds, digits: 2)) s: "
            + "\(format(rate, digits: 0)) events/s, \(format(seconds > 0 ? megabytes / seconds : 0, digits: 1)) MB/s"
        if outcome.duplicates > 0 { text += "; \(outcome.duplicates) already stored (same id), skipped" }
        return text
    }
}

extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
