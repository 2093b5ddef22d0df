import ArgumentParser
import Foundation
import LogbookCore
import LogbookProjections
import LogbookStore

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Query the projections (run `logbook project` first).",
        subcommands: [
            QueryRuns.self, QueryRun.self, QueryEvents.self, QueryLLM.self, QueryStats.self, QuerySessions.self,
            QueryDocuments.self, QuerySteps.self, QueryLogs.self,
        ]
    )
}

/// The options every query shares.
struct QueryOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of a table (times stay milliseconds since the epoch).")
    var json = false

    @OptionGroup var store: StoreOptions

    /// Runs `query` on the store's read models and prints its rows.
    func print<Row: QueryRow>(_ query: (ReadModels) throws -> [Row]) throws {
        let rows: [Row]
        do {
            rows = try query(try ReadModels(path: store.openStore().readModelsPath))
        } catch {
            throw fail(error)
        }
        if json {
            try printJSON(rows)
        } else {
            TableRenderer.print(try TableRenderer.cells(rows), columns: Row.columns)
        }
    }

    /// Prints one row with every column on its own line.
    func printOne<Row: QueryRow>(_ query: (ReadModels) throws -> Row?, missing: String) throws {
        let row: Row?
        do {
            row = try query(try ReadModels(path: store.openStore().readModelsPath))
        } catch {
            throw fail(error)
        }
        guard let row else { throw fail(LogbookError(code: .notFound, message: missing)) }
        if json {
            try printJSON(row)
        } else {
            TableRenderer.printVertical(try TableRenderer.cells([row])[0], columns: Row.columns)
        }
    }

    func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

struct QueryRuns: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "Runs, newest first, optionally of one agent (name or id) or one session.")
    @Option(help: "An agent's name or id.") var agent: String?
    @Option(help: "Only the runs of this session.") var session: String?
    @Option(help: ArgumentHelp("The runs after this one (the last of the previous page): pages by key, however deep.", valueName: "run-id"))
    var after: String?
    @Option(help: "At most this many runs.") var limit = 20
    @Option(help: "Skip this many runs first.") var offset = 0
    @OptionGroup var options: QueryOptions

    func run() throws {
        try options.print { try $0.runs(RunFilter(agent: agent, session: session, after: after, limit: limit, offset: offset)) }
    }
}

struct QueryRun: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "One run, every column.")
    @Argument(help: "The run id (its trace id).") var runID: String
    @OptionGroup var options: QueryOptions

    func run() throws {
        try options.printOne({ try $0.run(id: runID) }, missing: "no run \(runID) in the read models")
    }
}

struct QueryEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "A run's events by type (counts), or those of one type with --type.")
    @Argument(help: "The run id (its trace id).") var runID: String
    @Option(help: "List the run's events of this type.") var type: String?
    @OptionGroup var options: QueryOptions

    func run() throws {
        guard let trace = LogUUID(runID) else { throw ValidationError("'\(runID)' is not a UUID") }
        do {
            let store = try options.store.openStore()
            if let type {
                for event in try store.events(EventQuery(trace: trace, type: type)).events {
                    if options.json {
                        Swift.print(event.jsonLine)
                    } else {
                        Swift.print("\(event.position)  \(TableRenderer.time(event.timestampMs))  \(event.eventType)  \(TableRenderer.clip(event.payloadText, limit: 100))")
                    }
                }
                return
            }
            let counts = try store.eventTypeCounts(run: trace)
            if options.json {
                try options.printJSON(Dictionary(uniqueKeysWithValues: counts.map { ($0.eventType, $0.count) }))
            } else {
                TableRenderer.print(counts.map { [$0.eventType, "\($0.count)"] }, columns: ["event_type", "count"])
            }
        } catch {
            throw fail(error)
        }
    }
}

struct QueryLLM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm", abstract: "LLM usage and cost by agent, run or model; --unpriced lists the models without a price.")
    @Option(help: "Group by agent, run, model or day.") var by: LLMUsageFilter.Grouping = .agent
    @Option(name: .customLong("run"), help: "Only this run's calls.") var runID: String?
    @Option(help: "At most this many rows.") var limit = 50
    @Flag(help: "List the models the price catalogue has no price for, with their calls.") var unpriced = false
    @OptionGroup var options: QueryOptions

    func run() throws {
        if unpriced {
            try options.print { try $0.unpricedModels(run: runID, limit: limit) }
        } else {
            try options.print { try $0.llmUsage(LLMUsageFilter(by: by, run: runID, limit: limit)) }
        }
        if !options.json {
            let prices = PriceTable.standard
            Swift.print("prices: genai-prices \(prices.sourceVersion) (catalogue version \(prices.version))")
        }
    }
}

extension LLMUsageFilter.Grouping: ExpressibleByArgument {}
extension SessionRow.Status: ExpressibleByArgument {}

struct QueryStats: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Run statistics, optionally of one agent.")
    @Option(help: "An agent's name or id.") var agent: String?
    @OptionGroup var options: QueryOptions

    func run() throws {
        try options.printOne({ try $0.stats(agent: agent) }, missing: "no statistics")
    }
}

struct QuerySessions: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sessions", abstract: "Sessions, most recently active first.")
    @Option(help: "Only this user's sessions.") var user: String?
    @Option(help: "Only sessions with a run of this agent (name or id).") var agent: String?
    @Option(help: "Only sessions of this status (running, error, cancelled, completed), from their runs.")
    var status: SessionRow.Status?
    @Option(help: "Only sessions whose id, title, user or messages contain this text.") var text: String?
    @Option(help: ArgumentHelp("The sessions after this one (the last of the previous page): pages by key, however deep.", valueName: "session-id"))
    var after: String?
    @Option(help: "At most this many sessions.") var limit = 20
    @Option(help: "Skip this many sessions first.") var offset = 0
    @OptionGroup var options: QueryOptions

    func run() throws {
        try options.print {
            try $0.sessions(SessionFilter(user: user, agent: agent, status: status, text: text, after: after, limit: limit, offset: offset))
        }
    }
}

struct QueryDocuments: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "documents", abstract: "The documents a session retrieved, in order.")
    @Option(help: "The session id.") var session: String
    @OptionGroup var options: QueryOptions

    func run() throws {
        try options.print { try $0.documents(session: session) }
    }
}

struct QuerySteps: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "steps", abstract: "A trace's steps in order (thoughts, tool calls and results, LLM responses).")
    @Option(help: "The trace (run) id.") var trace: String
    @OptionGroup var options: QueryOptions

    func run() throws {
        try options.print { try $0.steps(trace: trace) }
    }
}

struct QueryLogs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "A run's log lines (run.log) in time order, optionally from a level up.")
    @Option(name: .customLong("run"), help: "The run id (its trace id).") var runID: String
    @Option(help: "Only lines of this level or a more severe one: debug, info, warn or error.") var level: RunLogFilter.Level?
    @Option(help: "At most this many lines.") var limit = 1000
    @OptionGroup var options: QueryOptions

    func run() throws {
        try options.print { try $0.logs(RunLogFilter(run: runID, level: level, limit: limit)) }
    }
}

extension RunLogFilter.Level: ExpressibleByArgument {}
