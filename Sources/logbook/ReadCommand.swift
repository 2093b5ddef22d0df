import ArgumentParser
import LogbookCore
import LogbookStore

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
        let query = EventQuery(
            from: from, limit: limit, session: session.flatMap(LogUUID.init), trace: trace.flatMap(LogUUID.init), type: eventType)
        var output = StandardOutput()
        func emit(_ event: RecordedEvent) {
            var line: [UInt8] = []
            event.appendJSON(to: &line)
            line.append(0x0A)
            output.write(line)
        }
        do {
            let store = try store.openStore()
            if !follow {
                let page = try store.events(query)
                if page.events.isEmpty, let missing = query.session.map({ "session \($0)" }) ?? query.trace.map({ "trace \($0)" }) {
                    throw LogbookError(code: .notFound, message: "no \(missing) in \(store.directory)")
                }
                page.events.forEach(emit)
                output.flush()
                return
            }
            for try await event in store.follow(query) {
                emit(event)
                output.flush()
                if output.closed { break }
            }
        } catch let error as LogbookError {
            output.flush()
            throw fail(error)
        }
    }
}
