import Logging

/// A log directory opened for writing: the one writer of the directory (a lock keeps
/// others out), plus a reader that sees every event as soon as it is durable.
///
///     let log = try EventLog.open(directory: "./logbook-data", logger: logger)
///     let result = try await log.append([draft])
///     let session = try log.reader.events(session: sessionID)
public final class EventLog: Sendable {
    public let directory: String
    public let options: LogOptions
    public let reader: LogReader
    /// What opening had to repair after the previous process.
    public let recovery: RecoveryReport
    private let writer: LogWriter
    private let sealer: BackgroundSealer
    private let lock: DirectoryLock
    private let validator: EventValidator

    private init(directory: String, options: LogOptions, reader: LogReader, recovery: RecoveryReport, writer: LogWriter, sealer: BackgroundSealer, lock: DirectoryLock) {
        self.directory = directory
        self.options = options
        self.reader = reader
        self.recovery = recovery
        self.writer = writer
        self.sealer = sealer
        self.lock = lock
        validator = EventValidator(maxPayloadBytes: options.maxPayloadBytes, payloadCheck: options.payloadCheck)
    }

    /// Opens (creating if needed) the log in `directory`, recovering from a crash of the
    /// previous writer: a torn batch at the tail is cut off and reported in `recovery`.
    public static func open(directory: String, options: LogOptions = LogOptions(), logger: Logger) throws(LogbookError) -> EventLog {
        try options.io.makeDirectory(directory)
        let lock = try DirectoryLock(directory: directory, io: options.io)
        let recovered = try LogRecovery(directory: directory, options: options, logger: logger).recover()
        let head = HeadState(head: recovered.activeIndex.nextPosition)
        let reader = try LogReader(directory: directory, io: options.io, headSource: .writer(head))
        let core = try WriterCore(directory: directory, options: options, catalog: reader.catalog, head: head, logger: logger, recovered: recovered)
        let sealer = core.sealer
        let writer = LogWriter(core: core, durability: options.durability, maxQueuedBytes: options.maxQueuedBytes)
        return EventLog(directory: directory, options: options, reader: reader, recovery: recovered.report, writer: writer, sealer: sealer, lock: lock)
    }

    /// Appends `events` as one batch: all of them or none. An event whose id is already in
    /// the log is not stored again; its original position is reported. `expecting` maps a
    /// session to the version it must be at before this batch (0: the session is new); each
    /// session it names must have an event in the batch.
    /// Returns once the batch is durable (per `options.durability`).
    @discardableResult
    public func append(_ events: [EventDraft], expecting: [LogUUID: UInt64] = [:]) async throws(LogbookError) -> AppendResult {
        try validator.validate(events)
        try validator.validate(expectations: expecting, for: events)
        guard !events.isEmpty else { return AppendResult(events: []) }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<AppendResult, LogbookError>, Never>) in
            writer.submit(AppendRequest(events: events, expectations: expecting) { continuation.resume(returning: $0) }, blocking: false)
        }
        return try result.get()
    }

    /// Appends without awaiting: `completion` runs on the writer thread once the batch is
    /// durable or refused. For callers that pipeline batches (ingest) and for plain threads:
    /// while the writer's queue is full (`maxQueuedBytes`), the call blocks the calling thread.
    public func append(_ events: [EventDraft], expecting: [LogUUID: UInt64] = [:], completion: @escaping @Sendable (Result<AppendResult, LogbookError>) -> Void) {
        enqueue(events, expecting: expecting, blocking: true, completion: completion)
    }

    /// Appends without awaiting and without blocking: `completion` runs on the writer thread
    /// once the batch is durable or refused. While the writer's queue is full, the batch waits
    /// in line and the caller goes on: for callers on an event loop, which must never block.
    public func submit(_ events: [EventDraft], expecting: [LogUUID: UInt64] = [:], completion: @escaping @Sendable (Result<AppendResult, LogbookError>) -> Void) {
        enqueue(events, expecting: expecting, blocking: false, completion: completion)
    }

    private func enqueue(
        _ events: [EventDraft], expecting: [LogUUID: UInt64], blocking: Bool, completion: @escaping @Sendable (Result<AppendResult, LogbookError>) -> Void
    ) {
        do {
            try validator.validate(events)
            try validator.validate(expectations: expecting, for: events)
        } catch {
            completion(.failure(error))
            return
        }
        writer.submit(AppendRequest(events: events, expectations: expecting, complete: completion), blocking: blocking)
    }

    /// Returns once every rolled segment is sealed and in the id index and the directories:
    /// the background work that appends cause, for measurements that must include it.
    package func waitUntilSealed() {
        sealer.waitUntilIdle()
    }

    /// The most bytes the writer's queue held at once.
    var peakQueuedBytes: Int { writer.peakQueuedBytes }

    /// Waits for queued appends, syncs, and releases the directory.
    public func close() {
        writer.close()
        lock.release()
    }

    deinit {
        writer.close()
    }
}
