import ArgumentParser
import LogbookCore
import LogbookReplay
import LogbookStore

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild a session's context, or a run's trace, as it was at any moment.",
        discussion: """
            --session folds the session's events (read through the session index) into its \
            context: the conversation since the last session.cleared in chat format, runs and \
            their outcomes, tool calls with their results, documents, LLM usage and cost, errors. \
            --trace draws one run's steps as a waterfall: offsets, durations, nesting under \
            executions, tokens and cost per step.

            --as-of-position N shows what a reader saw with events up to and including position N; \
            --as-of TIME what the store had recorded by TIME (its own clock, recorded_at_ms), \
            given as ISO-8601 or ms since the epoch. Costs add only what clients reported; calls \
            without cost_usd are counted, not priced.

            Examples:
              logbook replay --session 0b7e2c51-…
              logbook replay --session 0b7e2c51-… --format messages --last 20
              logbook replay --session 0b7e2c51-… --as-of 2026-01-01T09:30:00Z --format json
              logbook replay --trace 6f1c…
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case transcript, messages, json
    }

    @Option(help: "The session to replay (a UUID).")
    var session: String?

    @Option(help: "The trace (one agent run) to draw as a waterfall (a UUID).")
    var trace: String?

    @Option(name: .customLong("as-of-position"), help: "Replay with the events up to and including this position.")
    var asOfPosition: UInt64?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Replay what the store had recorded by this time: ISO-8601 or ms since the epoch.", valueName: "time"))
    var asOf: String?

    @Option(help: "transcript (readable text), messages (a JSON array of chat messages, sessions only) or json (everything).")
    var format: Format = .transcript

    @Option(help: "Only the last N messages of the conversation.")
    var last: Int?

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (session == nil) != (trace == nil) else { throw ValidationError("give --session or --trace (one of them)") }
        if asOfPosition != nil && asOf != nil { throw ValidationError("give --as-of-position or --as-of, not both") }
        if let asOf, ReplayPoint.time(asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is neither ISO-8601 (2026-01-01T09:30:00Z) nor ms since the epoch")
        }
        if let last, last < 0 { throw ValidationError("--last must not be negative") }
        if trace != nil && format == .messages { throw ValidationError("--format messages is for sessions; a trace prints as transcript or json") }
        if trace != nil && last != nil { throw ValidationError("--last is for sessions: it bounds the conversation") }
    }

    func run() throws {
        let point: ReplayPoint = asOfPosition.map(ReplayPoint.position) ?? asOf.flatMap(ReplayPoint.time) ?? .latest
        var output = StandardOutput()
        do {
            let opened = try store.openStore()
            if let session {
                let context = try opened.replay(session: try uuid(session, option: "session"), at: point)
                switch format {
                case .transcript: output.write(TranscriptRenderer(lastMessages: last).render(context))
                case .messages: output.write(try ReplayJSON.encode(context.lastMessages(last)) + "\n")
                case .json:
                    var bounded = context
                    bounded.messages = context.lastMessages(last)
                    output.write(try ReplayJSON.encode(bounded) + "\n")
                }
            } else if let trace {
                let waterfall = try opened.replay(trace: try uuid(trace, option: "trace"), at: point)
                output.write(format == .json ? try ReplayJSON.encode(waterfall) + "\n" : WaterfallRenderer().render(waterfall))
            }
            output.flush()
        } catch let error as LogbookError {
            output.flush()
            throw fail(error)
        }
    }

    private func uuid(_ text: String, option: String) throws -> LogUUID {
        guard let value = LogUUID(text) else { throw ValidationError("--\(option) '\(text)' is not a UUID (8-4-4-4-12 hex digits)") }
        return value
    }
}
