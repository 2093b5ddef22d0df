import LogbookCatalogue
import LogbookCore
import LogbookProjections
import Logging

/// The service layer every front end sits on: one store directory — the log and the read
/// models projected from it — and what the CLI and the server do with it: append and ingest,
/// read and follow, replay, the read-model queries, projection status and statistics.
///
///     let store = try LogbookStore.open(directory: "./logbook-data", mode: .writing(LogOptions()), logger: logger)
///     let result = try await store.append([draft])
///     let runs = try store.readModels().runs(RunFilter(agent: "coder"))
///
/// A store opened for reading needs no lock and can sit beside a writer in another process.
public final class LogbookStore: Sendable {
    public enum Mode: Sendable {
        case reading
        /// The one writer of the directory; the event catalogue's payload rules are added to
        /// the options, so every front end checks payloads the same way.
        case writing(LogOptions)
    }

    public let directory: String
    public let reader: LogReader
    /// nil when opened for reading.
    public let log: EventLog?
    let logger: Logger

    private init(directory: String, reader: LogReader, log: EventLog?, logger: Logger) {
        self.directory = directory
        self.reader = reader
        self.log = log
        self.logger = logger
    }

    public static func open(directory: String, mode: Mode, logger: Logger) throws(LogbookError) -> LogbookStore {
        switch mode {
        case .reading:
            return LogbookStore(directory: directory, reader: try LogReader.open(directory: directory), log: nil, logger: logger)
        case .writing(var options):
            options.payloadCheck = EventCatalogue.problem
            let log = try EventLog.open(directory: directory, options: options, logger: logger)
            return LogbookStore(directory: directory, reader: log.reader, log: log, logger: logger)
        }
    }

    /// What opening had to repair after the previous writer (nil for a reader).
    public var recovery: RecoveryReport? { log?.recovery }

    /// The projections database of this store.
    public var readModelsPath: String { ProjectionEngine.databasePath(store: directory) }

    /// Waits for queued appends, syncs, and releases the directory.
    public func close() {
        log?.close()
    }

    func writableLog() throws(LogbookError) -> EventLog {
        guard let log else { throw LogbookError(code: .closed, message: "the store \(directory) is open for reading only") }
        return log
    }
}
