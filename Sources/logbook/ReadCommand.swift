import ArgumentParser
import LogbookCore

struct ReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Print events as JSONL, with their position, session_seq and recorded_at_ms.",
        discussion: """
            Reads while a writer appends. --session and --trace read through the indexes \
            (only the blocks holding those events); --follow keeps printing new events as \
            they become durable.

            Examples:
              logbook read --from 1000 --limit 10
              logbook read --session 0b7e2c51-…
              logbook read --type llm.interaction --follow
            """
    )

    @Option(help: "The first position to print.")
    var from: UInt64 = 0

    @Option(help: "Print at most this many events.")
    var limit: Int?

    @Option(help: "Only the events of this session (a UUID), in session order.")
    var session: String?

    @Option(help: "Only the events of this trace (a UUID).")
    var trace: String?

    @Option(name: .customLong("type"), help: "Only events of this type.")
    var eventType: String?

    @Flag(help: "Keep printing new events as they are appended (Ctrl-C to stop).")
    var follow = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if session != nil && trace != nil { throw ValidationError("give --session or --trace, not both") }
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
        // Checked here, not in run(), so the error comes with read's usage.
        if let session, LogUUID(session) == nil { throw ValidationError("--session '\(session)' is not a UUID") }
        if let trace, LogUUID(trace) == nil { throw ValidationError("--trace '\(trace)' is not a UUID") }
    }

    func run() async throws {
        let sessionID = try session.map { text throws -> LogUUID in
            guard let value = LogUUID(text) else { throw ValidationError("--session '\(text)' is not a UUID") }
            return value
        }
        let traceID = try trace.map { text throws -> LogUUID in
            guard let value = LogUUID(text) else { throw ValidationError("--trace '\(text)' is not a UUID") }
            return value
        }
        var output = StandardOutput()
        var printed = 0
        let limit = self.limit ?? .max
        func emit(_ event: RecordedEvent) -> Bool {
            guard printed < limit else { return false }
            if let eventType, event.eventType != eventType { return true }
            if let sessionID, event.sessionID != sessionID { return true }
            if let traceID, event.traceID != traceID { return true }
            var line: [UInt8] = []
            event.appendJSON(to: &line)
            line.append(0x0A)
            output.write(line)
            printed += 1
            return printed < limit && !output.closed
        }
        do {
            let reader = try LogReader.open(directory: store.directory)
            // Everything below `end` is printed from the indexes or the segments, everything
            // from `end` on by the subscription: taking the head once, before reading, means
            // an event appended meanwhile is neither skipped nor printed twice.
            let end = try reader.head()
            let next = max(from, end)
            if let sessionID {
                let events = try reader.events(session: sessionID, before: end)
                if events.isEmpty && !follow {
                    throw LogbookError(code: .notFound, message: "no session \(sessionID) in \(store.directory)")
                }
                for event in events where event.position >= from { if !emit(event) { break } }
            } else if let traceID {
                let events = try reader.events(trace: traceID, before: end)
                if events.isEmpty && !follow {
                    throw LogbookError(code: .notFound, message: "no trace \(traceID) in \(store.directory)")
                }
                for event in events where event.position >= from { if !emit(event) { break } }
            } else if let eventType {
                let events = try reader.events(type: eventType, from: from, limit: limit)
                for event in events where event.position < end { if !emit(event) { break } }
            } else {
                let (sum, overflow) = from.addingReportingOverflow(UInt64(limit))
                let upper = limit == .max || overflow ? UInt64.max : sum
                try reader.forEach(in: from..<max(from, min(upper, end))) { emit($0) }
            }
            output.flush()
            guard follow, printed < limit, !output.closed else { return }
            for try await event in reader.subscribe(from: next) {
                let keepGoing = emit(event)
                output.flush()
                if !keepGoing { break }
            }
        } catch let error as LogbookError {
            output.flush()
            throw fail(error)
        }
    }
}
