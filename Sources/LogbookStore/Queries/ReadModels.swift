import Foundation
import GRDB
import LogbookCore
import LogbookProjections

/// The queries of the read models (the projections database of a store), as typed rows.
/// Each statement is built for the filters given, so SQLite can use the tables' indexes.
/// Read-only: projecting is the projection engine's job.
public final class ReadModels: Sendable {
    public let path: String
    private let database: DatabaseQueue

    /// Opens the projections database at `path`; `notProjected` when there is none yet.
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ProjectionError(code: .notProjected, message: "no projections at \(path); run `logbook project` first")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        self.path = path
        database = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Runs, newest first.
    public func runs(_ filter: RunFilter = RunFilter()) throws -> [RunListRow] {
        var sql = """
            SELECT run_id, agent_id, agent_name, status, started_at, finished_at, total_iterations, llm_calls,
                input_tokens, output_tokens, cost_usd FROM agent_runs
            """
        var arguments: StatementArguments = []
        if let agent = filter.agent {
            sql += " WHERE agent_name = ? OR agent_id = ?"
            arguments += [agent, agent]
        }
        sql += " ORDER BY started_at DESC, run_id LIMIT ? OFFSET ?"
        arguments += [filter.limit, filter.offset]
        return try database.read { try RunListRow.fetchAll($0, sql: sql, arguments: arguments) }
    }

    /// One run, every column; nil when the read models have no such run.
    public func run(id: String) throws -> AgentRunRow? {
        try database.read { try AgentRunRow.fetchOne($0, sql: "SELECT * FROM agent_runs WHERE run_id = ?", arguments: [id.lowercased()]) }
    }

    /// LLM usage and cost grouped by agent, run or model, most expensive first.
    public func llmUsage(_ filter: LLMUsageFilter = LLMUsageFilter()) throws -> [LLMUsageRow] {
        let key = switch filter.by {
        case .agent: "agent_id"
        case .run: "run_id"
        case .model: "provider || '/' || model"
        }
        var sql = """
            SELECT \(key) AS key, count(*) AS calls, sum(input_tokens) AS input_tokens,
                sum(cached_input_tokens) AS cached_input_tokens, sum(output_tokens) AS output_tokens,
                sum(reasoning_tokens) AS reasoning_tokens, round(sum(cost_usd), 6) AS cost_usd,
                sum(cost_source = 'unknown') AS unpriced_calls, sum(latency_ms) AS latency_ms
            FROM llm_interactions
            """
        var arguments: StatementArguments = []
        if let run = filter.run {
            sql += " WHERE run_id = ?"
            arguments += [run.lowercased()]
        }
        sql += " GROUP BY 1 ORDER BY cost_usd DESC, key LIMIT ?"
        arguments += [filter.limit]
        return try database.read { try LLMUsageRow.fetchAll($0, sql: sql, arguments: arguments) }
    }

    /// The models without a price (`cost_source = 'unknown'`), most calls first.
    public func unpricedModels(run: String? = nil, limit: Int = 50) throws -> [UnpricedModelRow] {
        var sql = """
            SELECT provider, model, count(*) AS calls, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens
            FROM llm_interactions WHERE cost_source = 'unknown'
            """
        var arguments: StatementArguments = []
        if let run {
            sql += " AND run_id = ?"
            arguments += [run.lowercased()]
        }
        sql += " GROUP BY provider, model ORDER BY calls DESC, provider, model LIMIT ?"
        arguments += [limit]
        return try database.read { try UnpricedModelRow.fetchAll($0, sql: sql, arguments: arguments) }
    }

    /// Run statistics over every run, or one agent's (by name or id).
    public func stats(agent: String? = nil) throws -> RunStatsRow {
        var sql = """
            SELECT count(*) AS runs, coalesce(sum(status = 'completed'), 0) AS completed,
                coalesce(sum(status = 'error'), 0) AS errors, coalesce(sum(status = 'cancelled'), 0) AS cancelled,
                coalesce(sum(status IN ('running', 'pending')), 0) AS open, round(avg(total_iterations), 2) AS avg_iterations,
                coalesce(sum(llm_calls), 0) AS llm_calls, coalesce(sum(input_tokens), 0) AS input_tokens,
                coalesce(sum(output_tokens), 0) AS output_tokens, round(sum(cost_usd), 6) AS cost_usd
            FROM agent_runs
            """
        var arguments: StatementArguments = []
        if let agent {
            sql += " WHERE agent_name = ? OR agent_id = ?"
            arguments += [agent, agent]
        }
        return try database.read { try RunStatsRow.fetchOne($0, sql: sql, arguments: arguments)! }
    }

    /// Sessions, most recently active first.
    public func sessions(_ filter: SessionFilter = SessionFilter()) throws -> [SessionRow] {
        var sql = "SELECT session_id, user_id, title, started_at, last_event_at, event_count, cleared_at FROM sessions"
        var arguments: StatementArguments = []
        if let user = filter.user {
            sql += " WHERE user_id = ?"
            arguments += [user]
        }
        sql += " ORDER BY last_event_at DESC, session_id LIMIT ? OFFSET ?"
        arguments += [filter.limit, filter.offset]
        return try database.read { try SessionRow.fetchAll($0, sql: sql, arguments: arguments) }
    }

    /// The documents a session retrieved, in order.
    public func documents(session: String) throws -> [DocumentRow] {
        try database.read {
            try DocumentRow.fetchAll($0, sql: """
                SELECT event_id, run_id, title, content_type, source_url, timestamp
                FROM documents WHERE session_id = ? ORDER BY timestamp, event_id
                """, arguments: [session.lowercased()])
        }
    }

    /// A trace's steps in order (thoughts, tool calls and results, LLM responses).
    public func steps(trace: String) throws -> [StepRow] {
        try database.read {
            try StepRow.fetchAll($0, sql: """
                SELECT sequence_order AS step, step_type, step_name, latency_ms, tokens, cost_usd, is_error, timestamp,
                    coalesce(output_payload, input_payload) AS payload
                FROM trace_steps WHERE trace_id = ? ORDER BY sequence_order
                """, arguments: [trace.lowercased()])
        }
    }

    /// A run's log lines in time order, optionally only those at or above a level. Lines of the
    /// same millisecond keep the order the log holds them in (an OTLP export's records are
    /// appended by their nanosecond times).
    public func logs(_ filter: RunLogFilter) throws -> [RunLogRow] {
        var sql = "SELECT timestamp, level, message, span_id, attributes, event_id FROM run_logs WHERE run_id = ?"
        var arguments: StatementArguments = [filter.run.lowercased()]
        if let level = filter.level {
            let levels = RunLogFilter.Level.allCases.filter { $0 >= level }
            sql += " AND level IN (\(levels.map { _ in "?" }.joined(separator: ", ")))"
            arguments += StatementArguments(levels.map(\.rawValue))
        }
        sql += " ORDER BY timestamp, last_position, event_id LIMIT ?"
        arguments += [filter.limit]
        return try database.read { try RunLogRow.fetchAll($0, sql: sql, arguments: arguments) }
    }

    /// Each projector's version and the position it has applied up to (exclusive).
    public func checkpoints() throws -> [ProjectorCheckpoint] {
        try database.read { try ProjectorCheckpoint.fetchAll($0, sql: "SELECT * FROM projector_checkpoints ORDER BY name") }
    }
}
