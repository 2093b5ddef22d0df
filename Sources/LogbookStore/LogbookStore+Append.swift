import LogbookCore
import LogbookIngest

extension LogbookStore {
    /// Appends `events` as one batch, all or nothing; `expecting` maps a session to the
    /// version it must be at first (0: new). Returns once the batch is durable.
    public func append(_ events: [EventDraft], expecting: [LogUUID: UInt64] = [:]) async throws(LogbookError) -> AppendResult {
        try await writableLog().append(events, expecting: expecting)
    }

    /// Appends `events` as one batch without awaiting or blocking (see `EventLog.submit`):
    /// `completion` runs on the log's writer thread once the batch is durable or refused.
    public func submit(
        _ events: [EventDraft], expecting: [LogUUID: UInt64] = [:], completion: @escaping @Sendable (Result<AppendResult, LogbookError>) -> Void
    ) {
        do {
            try writableLog().submit(events, expecting: expecting, completion: completion)
        } catch {
            completion(.failure(error))
        }
    }

    /// Parses a body in `format` that arrives in chunks (`EventBody.Parser`); an event
    /// without `timestamp_ms` gets the time the parser was made.
    public func bodyParser(_ format: EventBody.Format) -> EventBody.Parser {
        EventBody.Parser(format, defaultTimestampMs: wallClockMs())
    }

    /// Parses a whole body in `format` (see `EventBody`); an event without `timestamp_ms` gets now.
    public func parse(body: UnsafeRawBufferPointer, format: EventBody.Format) throws(LogbookError) -> [EventDraft] {
        try EventBody.parse(body, format: format, defaultTimestampMs: wallClockMs())
    }

    /// Appends the events of a request body (see `EventBody`) as one batch.
    public func append(body: [UInt8], format: EventBody.Format, expecting: [LogUUID: UInt64] = [:]) async throws(LogbookError) -> AppendResult {
        let drafts = try EventBody.parse(body, format: format, defaultTimestampMs: wallClockMs())
        return try await append(drafts, expecting: expecting)
    }
}
