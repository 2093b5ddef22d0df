import ArgumentParser
import Foundation
import GRDB
import LogbookCore
import LogbookProjections

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Query the projections (run `logbook project` first).",
        subcommands: [
            QueryRuns.self, QueryRun.self, QueryEvents.self, QueryLLM.self, QueryStats.self, QuerySessions.self,
            QueryDocuments.self, QuerySteps.self,
        ]
    )
}

/// The options every query shares.
struct QueryOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var store: StoreOptions

    /// Runs `sql` on the projections read-only and prints the rows.
    func print(_ sql: String, _ arguments: StatementArguments = [], vertical: Bool = false) throws {
        let path = ProjectionEngine.databasePath(store: store.directory)
        guard FileManager.default.fileExists(atPath: path) else {
            throw fail(ProjectionError(code: .notProjected, message: "no projections at \(path); run `logbook project` first"))
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let rows: [Row]
        do {
            rows = try DatabaseQueue(path: path, configuration: configuration).read { try Row.fetchAll($0, sql: sql, arguments: arguments) }
        } catch {
            throw fail(error)
        }
        if json {
            let objects = rows.map { row in
                Dictionary(uniqueKeysWithValues: row.columnNames.map { ($0, Self.foundation(row[$0] as DatabaseValue)) })
            }
            let data = try JSONSerialization.data(withJSONObject: vertical ? (objects.first ?? [:]) as Any : objects, options: [.sortedKeys])
            Swift.print(String(decoding: data, as: UTF8.self))
        } else {
            TableRenderer.print(rows, vertical: vertical)
        }
    }

    static func foundation(_ value: DatabaseValue) -> Any {
        switch value.storage {
        case .null: return NSNull()
        case .int64(let int): return int
        case .double(let double): return double
        case .string(let string): return string
        case .blob(let data): return data.base64EncodedString()
        }
    }
}

enum TableRenderer {
    static func print(_ rows: [Row], vertical: Bool) {
        guard let first = rows.first else { return Swift.print("(no rows)") }
        let columns = Array(first.columnNames)
        if vertical {
            let width = columns.map(\.count).max() ?? 0
            for name in columns { Swift.print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + cell(first[name], limit: 200)) }
            return
        }
        let cells = rows.map { row in columns.map { cell(row[$0], limit: 40) } }
        let widths = columns.indices.map { index in max(columns[index].count, cells.map { $0[index].count }.max() ?? 0) }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        Swift.print(line(columns))
        for row in cells { Swift.print(line(row)) }
    }

    static func cell(_ value: DatabaseValue, limit: Int) -> String {
        let text: String
        switch value.storage {
        case .null: text = "-"
        case .int64(let int): text = "\(int)"
        case .double(let double): text = format(double, digits: 6)
        case .string(let string): text = string.replacingOccurrences(of: "\n", with: " ")
        case .blob(let data): text = "<\(data.count) bytes>"
        }
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }
}

struct QueryRuns: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "Runs, newest first, optionally of one agent (name or id).")
    @Option(help: "An agent's name or id.") var agent: String?
    @Option(help: "At most this many runs.") var limit = 20
    @Option(help: "Skip this many runs first.") var offset = 0
    @OptionGroup var options: QueryOptions

    func run() throws {
        try options.print("""
            SELECT run_id, agent_name, status, started_at, finished_at, total_iterations AS iterations, llm_calls,
                input_tokens, output_tokens, cost_usd
            FROM agent_runs WHERE ?1 IS NULL OR agent_name = ?1 OR agent_id = ?1
            ORDER BY started_at DESC, run_id LIMIT ?2 OFFSET ?3
            """, [agent, limit, offset])
    }
}

struct QueryRun: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "One run, every column.")
    @Argument(help: "The run id (its trace id).") var runID: String
    @OptionGroup var options: QueryOptions

    func run() throws {
        try options.print("SELECT * FROM agent_runs WHERE run_id = ?", [runID.lowercased()], vertical: true)
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
        let events: [RecordedEvent]
        do {
            events = try LogReader.open(directory: options.store.directory).events(trace: trace)
        } catch {
            throw fail(error)
        }
        if let type {
            let chosen = events.filter { $0.eventType == type }
            if options.json {
                for event in chosen { Swift.print(event.jsonLine) }
            } else {
                for event in chosen {
                    Swift.print("\(event.position)  \(event.timestampMs)  \(event.eventType)  \(TableRenderer.cell(.init(value: event.payloadText)!, limit: 100))")
                }
            }
            return
        }
        var counts: [(String, Int)] = []
        for event in events {
            if let index = counts.firstIndex(where: { $0.0 == event.eventType }) { counts[index].1 += 1 } else { counts.append((event.eventType, 1)) }
        }
        if options.json {
            let data = try JSONSerialization.data(withJSONObject: Dictionary(uniqueKeysWithValues: counts), options: [.sortedKeys])
            Swift.print(String(decoding: data, as: UTF8.self))
        } else {
            for (type, count) in counts { Swift.print("\(type.padding(toLength: 20, withPad: " ", startingAt: 0))  \(count)") }
        }
    }
}

struct QueryLLM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm", abstract: "LLM usage and cost by agent, run or model; --unpriced lists the models without a price.")
    enum Grouping: String, ExpressibleByArgument, CaseIterable { case agent, run, model }
    @Option(help: "Group by agent, run or model.") var by: Grouping = .agent
    @Option(name: .customLong("run"), help: "Only this run's calls.") var runID: String?
    @Option(help: "At most this many rows.") var limit = 50
    @Flag(help: "List the models the price catalogue has no price for, with their calls.") var unpriced = false
    @OptionGroup var options: QueryOptions

    func run() throws {
        defer {
            if !options.json {
                let prices = PriceTable.standard
                Swift.print("prices: genai-prices \(prices.sourceVersion) (catalogue version \(prices.version))")
            }
        }
        if unpriced {
            return try options.print("""
                SELECT provider, model, count(*) AS calls, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens
                FROM llm_interactions WHERE cost_source = 'unknown' AND (?1 IS NULL OR run_id = ?1)
                GROUP BY provider, model ORDER BY calls DESC, provider, model LIMIT ?2
                """, [runID?.lowercased(), limit])
        }
        let key = switch by {
        case .agent: "agent_id"
        case .run: "run_id"
        case .model: "provider || '/' || model"
        }
        try options.print("""
            SELECT \(key) AS \(by.rawValue), count(*) AS calls, sum(input_tokens) AS input_tokens,
                sum(cached_input_tokens) AS cached_input_tokens, sum(output_tokens) AS output_tokens,
                sum(reasoning_tokens) AS reasoning_tokens, round(sum(cost_usd), 6) AS cost_usd,
                sum(cost_source = 'unknown') AS unpriced_calls, sum(latency_ms) AS latency_ms
            FROM llm_interactions WHERE ?1 IS NULL OR run_id = ?1
            GROUP BY 1 ORDER BY cost_usd DESC LIMIT ?2
            """, [runID?.lowercased(), limit])
    }
}

struct QueryStats: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Run statistics, optionally of one agent.")
    @Option(help: "An agent's name or id.") var agent: String?
    @OptionGroup var options: QueryOptions

    func run() throws {
        try options.print("""
            SELECT count(*) AS runs, sum(status = 'completed') AS completed, sum(status = 'error') AS errors,
                sum(status = 'cancelled') AS cancelled, sum(status IN ('running', 'pending')) AS open,
                round(avg(total_iterations), 2) AS avg_iterations, sum(llm_calls) AS llm_calls,
                sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, round(sum(cost_usd), 6) AS cost_usd
            FROM agent_runs WHERE ?1 IS NULL OR agent_name = ?1 OR agent_id = ?1
            """, [agent], vertical: true)
    }
}

struct QuerySessions: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sessions", abstract: "Sessions, most recently active first.")
    @Option(help: "Only this user's sessions.") var user: String?
    @Option(help: "At most this many sessions.") var limit = 20
    @Option(help: "Skip this many sessions first.") var offset = 0
    @OptionGroup var options: QueryOptions

    func run() throws {
        try options.print("""
            SELECT session_id, user_id, title, started_at, last_event_at, event_count, cleared_at
            FROM sessions WHERE ?1 IS NULL OR user_id = ?1
            ORDER BY last_event_at DESC, session_id LIMIT ?2 OFFSET ?3
            """, [user, limit, offset])
    }
}

struct QueryDocuments: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "documents", abstract: "The documents a session retrieved, in order.")
    @Option(help: "The session id.") var session: String
    @OptionGroup var options: QueryOptions

    func run() throws {
        try options.print("""
            SELECT event_id, run_id, title, content_type, source_url, timestamp
            FROM documents WHERE session_id = ? ORDER BY timestamp, event_id
            """, [session.lowercased()])
    }
}

struct QuerySteps: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "steps", abstract: "A trace's steps in order (thoughts, tool calls and results, LLM responses).")
    @Option(help: "The trace (run) id.") var trace: String
    @OptionGroup var options: QueryOptions

    func run() throws {
        try options.print("""
            SELECT sequence_order AS step, step_type, step_name, latency_ms, tokens, cost_usd, is_error, timestamp,
                coalesce(output_payload, input_payload) AS payload
            FROM trace_steps WHERE trace_id = ? ORDER BY sequence_order
            """, [trace.lowercased()])
    }
}
