import ArgumentParser
import Foundation
import LogbookCore
import LogbookPostgres
import LogbookProjections
import LogbookStore

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Query the projections (run `logbook project` first), in projections.sqlite or, with --postgres, in PostgreSQL.",
        subcommands: [
            QueryRuns.self, QueryRun.self, QueryEvents.self, QueryLLM.self, QueryStats.self, QuerySessions.self,
            QueryDocuments.self, QuerySteps.self, QueryLogs.self, QueryHealth.self,
        ]
    )
}

/// The options every query shares.
struct QueryOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of a table (times stay milliseconds since the epoch).")
    var json = false

    @OptionGroup var store: StoreOptions

    @OptionGroup var postgres: PostgresOptions

    /// Runs `body` on the read models the queries read: PostgreSQL's with --postgres (or
    /// $LOGBOOK_POSTGRES_URL), else the store's projections.sqlite.
    func withQueries<T>(_ body: (any ReadModelQueries) async throws -> T) async throws -> T {
        guard let location = try postgres.location() else {
            return try await body(try store.openStore().readModels())
        }
        let models = try await PostgresReadModels.open(location: location, logger: store.logger())
        do {
            let result = try await body(models)
            await models.close()
            return result
        } catch {
            await models.close()
            throw error
        }
    }

    /// Runs `query` on the read models and prints its rows.
    func print<Row: QueryRow>(_ query: (any ReadModelQueries) async throws -> [Row]) async throws {
        let rows: [Row]
        do {
            rows = try await withQueries(query)
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
    func printOne<Row: QueryRow>(_ query: (any ReadModelQueries) async throws -> Row?, missing: String) async throws {
        let row: Row?
        do {
            row = try await withQueries(query)
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

struct QueryRuns: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "Runs, newest first, optionally of one agent (name or id) or one session.")
    @Option(help: "An agent's name or id.") var agent: String?
    @Option(help: "Only the runs of this session.") var session: String?
    @Option(help: ArgumentHelp("The runs after this one (the last of the previous page): pages by key, however deep.", valueName: "run-id"))
    var after: String?
    @Option(help: "At most this many runs.") var limit = 20
    @Option(help: "Skip this many runs first.") var offset = 0
    @OptionGroup var options: QueryOptions

    func run() async throws {
        try await options.print { try await $0.runs(RunFilter(agent: agent, session: session, after: after, limit: limit, offset: offset)) }
    }
}

struct QueryRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "One run, every column.")
    @Argument(help: "The run id (its trace id).") var runID: String
    @OptionGroup var options: QueryOptions

    func run() async throws {
        try await options.printOne({ try await $0.run(id: runID) }, missing: "no run \(runID) in the read models")
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

struct QueryLLM: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm", abstract: "LLM usage and cost by agent, run or model; --unpriced lists the models without a price.")
    @Option(help: "Group by agent, run, model or day.") var by: LLMUsageFilter.Grouping = .agent
    @Option(name: .customLong("run"), help: "Only this run's calls.") var runID: String?
    @Option(help: "At most this many rows.") var limit = 50
    @Flag(help: "List the models the price catalogue has no price for, with their calls.") var unpriced = false
    @OptionGroup var options: QueryOptions

    func run() async throws {
        if unpriced {
            try await options.print { try await $0.unpricedModels(run: runID, limit: limit) }
        } else {
            try await options.print { try await $0.llmUsage(LLMUsageFilter(by: by, run: runID, limit: limit)) }
        }
        if !options.json {
            let prices = PriceTable.standard
            Swift.print("prices: genai-prices \(prices.sourceVersion) (catalogue version \(prices.version))")
        }
    }
}

extension LLMUsageFilter.Grouping: ExpressibleByArgument {}
extension SessionRow.Status: ExpressibleByArgument {}

struct QueryStats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Run statistics, optionally of one agent.")
    @Option(help: "An agent's name or id.") var agent: String?
    @OptionGroup var options: QueryOptions

    func run() async throws {
        try await options.printOne({ try await $0.stats(agent: agent) }, missing: "no statistics")
    }
}

struct QuerySessions: AsyncParsableCommand {
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

    func run() async throws {
        try await options.print {
            try await $0.sessions(SessionFilter(user: user, agent: agent, status: status, text: text, after: after, limit: limit, offset: offset))
        }
    }
}

struct QueryDocuments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "documents", abstract: "The documents a session retrieved, in order.")
    @Option(help: "The session id.") var session: String
    @OptionGroup var options: QueryOptions

    func run() async throws {
        try await options.print { try await $0.documents(session: session) }
    }
}

struct QuerySteps: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "steps", abstract: "A trace's steps in order (thoughts, tool calls and results, LLM responses).")
    @Option(help: "The trace (run) id.") var trace: String
    @OptionGroup var options: QueryOptions

    func run() async throws {
        try await options.print { try await $0.steps(trace: trace) }
    }
}

struct QueryLogs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "A run's log lines (run.log) in time order, optionally from a level up.")
    @Option(name: .customLong("run"), help: "The run id (its trace id).") var runID: String
    @Option(help: "Only lines of this level or a more severe one: debug, info, warn or error.") var level: RunLogFilter.Level?
    @Option(help: "At most this many lines.") var limit = 1000
    @OptionGroup var options: QueryOptions

    func run() async throws {
        try await options.print { try await $0.logs(RunLogFilter(run: runID, level: level, limit: limit)) }
    }
}

extension RunLogFilter.Level: ExpressibleByArgument {}

struct QueryHealth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Whether the read models answer (projections.sqlite, or PostgreSQL with --postgres) and how far behind the log they are.",
        discussion: "Exits 1 when they do not answer.")
    @OptionGroup var options: QueryOptions

    func run() async throws {
        let health: ReadModelHealth
        do {
            let store = try options.store.openStore()
            if let location = try options.postgres.location() {
                let models = PostgresReadModels(location: location, logger: options.store.logger())
                health = try await store.readModelHealth(of: { models }, backend: .postgresql)
                await models.close()
            } else {
                health = try await store.readModelHealth(of: { try store.readModels() }, backend: .sqlite)
            }
        } catch {
            throw fail(error)
        }
        if options.json {
            try options.printJSON(health)
        } else {
            let summary = [
                ("backend", health.backend.rawValue), ("reachable", health.reachable ? "yes" : "no"), ("error", health.error),
                ("head", "\(health.head)"), ("lag", "\(health.lag)"),
            ].compactMap { name, value in value.map { (name, $0) } }
            TableRenderer.printVertical(Dictionary(uniqueKeysWithValues: summary), columns: summary.map(\.0))
            if !health.projectors.isEmpty {
                Swift.print("")
                TableRenderer.print(try TableRenderer.cells(health.projectors), columns: ProjectorCheckpoint.columns)
            }
        }
        if !health.reachable { throw ExitCode(1) }
    }
}
