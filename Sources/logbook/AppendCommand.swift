import ArgumentParser
import LogbookCore
import LogbookIngest
import LogbookStore

struct AppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append one event and print its position.",
        discussion: """
            Example:
              logbook append --type message.added --trace 6f1c…  --session 0b7e… \\
                --expected-version 3 --payload '{"role":"user","content":"hello"}'
            """
    )

    @Option(name: .customLong("type"), help: "The event type, e.g. run.started.")
    var eventType: String

    @Option(help: "The trace (agent run or request) the event belongs to (a UUID).")
    var trace: String

    @Option(help: "The session the event belongs to (a UUID).")
    var session: String?

    @Option(help: "The event's id (a UUID); appending the same id again stores nothing new.")
    var id: String?

    @Option(name: .customLong("user"), help: "The user id.")
    var userID: String?

    @Option(name: .customLong("agent"), help: "The agent id.")
    var agentID: String?

    @Option(help: "When it happened, in ms since the epoch (default: now).")
    var timestampMs: Int64?

    @Option(help: "Refuse the append unless the session is at this version (0: a new session).")
    var expectedVersion: UInt64?

    @Option(help: "The payload: a JSON object.")
    var payload: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var write: WriteOptions

    func validate() throws {
        if expectedVersion != nil && session == nil {
            throw ValidationError("--expected-version needs --session: versions are per session")
        }
        // Checked here, not in run(), so the error comes with append's usage.
        for (option, text) in [("trace", trace), ("session", session), ("id", id)] {
            if let text, LogUUID(text) == nil { throw ValidationError("--\(option) '\(text)' is not a UUID (8-4-4-4-12 hex digits)") }
        }
    }

    func run() async throws {
        do {
            func uuid(_ text: String?, _ option: String) throws -> LogUUID? {
                guard let text else { return nil }
                guard let value = LogUUID(text) else { throw ValidationError("--\(option) '\(text)' is not a UUID (8-4-4-4-12 hex digits)") }
                return value
            }
            guard let traceID = try uuid(trace, "trace") else { return }
            let sessionID = try uuid(session, "session")
            var draft = EventDraft(
                id: try uuid(id, "id") ?? .random(), eventType: eventType, sessionID: sessionID, traceID: traceID,
                userID: userID, agentID: agentID, timestampMs: timestampMs ?? wallClockMs(), payload: Array(payload.utf8)
            )
            draft.timestampIsDefault = timestampMs == nil
            let opened = try store.openStore(.writing(try write.logOptions()))
            defer { opened.close() }
            opened.recovery.map(RecoveryNotice.print)
            var expecting: [LogUUID: UInt64] = [:]
            if let sessionID, let expectedVersion { expecting[sessionID] = expectedVersion }
            let result = try await opened.append([draft], expecting: expecting)
            let event = result.events[0]
            if event.isDuplicate {
                print("\(event.position) (already stored: event \(event.id) was appended before at this position)")
            } else if let seq = event.sessionSeq {
                print("\(event.position) (session version \(seq))")
            } else {
                print("\(event.position)")
            }
        } catch let error as LogbookError {
            throw fail(error)
        }
    }
}
