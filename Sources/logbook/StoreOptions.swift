import ArgumentParser
import Foundation
import LogbookCore
import LogbookStore
import Logging

/// The options every command that touches a store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store directory.", discussion: "Defaults to $LOGBOOK_STORE, then ./logbook-data.", valueName: "dir"))
    var store: String?

    @Flag(name: .long, help: "Log what the store does (recovery, sealing) to stderr.")
    var verbose = false

    var directory: String {
        store ?? ProcessInfo.processInfo.environment["LOGBOOK_STORE"] ?? "./logbook-data"
    }

    /// The store, opened for reading (no lock; a writer may be running) or as its one writer.
    func openStore(_ mode: LogbookStore.Mode = .reading) throws(LogbookError) -> LogbookStore {
        try LogbookStore.open(directory: directory, mode: mode, logger: logger())
    }

    func logger() -> Logger {
        var logger = Logger(label: "logbook") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }
}

/// The options of commands that open the store for writing.
struct WriteOptions: ParsableArguments {
    @Option(help: ArgumentHelp("When an append is acknowledged: always (after fdatasync), interval (background sync every --sync-interval-ms), none (left to the OS).", valueName: "policy"))
    var durability: DurabilityPolicy = .always

    @Option(name: .customLong("sync-interval-ms"), help: "The sync interval of the interval policy.")
    var syncIntervalMs = 100

    @Option(name: .customLong("segment-mb"), help: "The size at which the active segment rolls and is sealed.")
    var segmentMB = 64

    @Option(name: .customLong("max-payload-mb"), help: "The largest payload an event may carry.")
    var maxPayloadMB = 16

    enum DurabilityPolicy: String, ExpressibleByArgument, CaseIterable {
        case always, interval, none
    }

    func logOptions() throws -> LogOptions {
        guard segmentMB > 0 else { throw ValidationError("--segment-mb must be at least 1") }
        guard maxPayloadMB > 0 else { throw ValidationError("--max-payload-mb must be at least 1") }
        guard syncIntervalMs > 0 else { throw ValidationError("--sync-interval-ms must be at least 1") }
        var options = LogOptions()
        options.segmentBytes = segmentMB << 20
        options.maxPayloadBytes = maxPayloadMB << 20
        switch durability {
        case .always: options.durability = .always
        case .interval: options.durability = .interval(milliseconds: syncIntervalMs)
        case .none: options.durability = .none
        }
        return options
    }
}

/// Reports a store error on stderr and exits non-zero: the message already says what and where.
func fail(_ error: Error) -> ExitCode {
    StandardError.write("logbook: \(error)\n")
    return ExitCode(error is LogbookError ? 1 : 2)
}
