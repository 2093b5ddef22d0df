import Foundation
import GRDB
import LogbookCore
import LogbookProjections

/// The queries of the read models (the projections database of a store), as typed rows.
/// Each statement is built for the filters given, so SQLite can use the tables' indexes.
/// Read-only: projecting is the projection engine's job.
public final class ReadModels: Sendable {
    public let path: String
    let database: DatabaseQueue

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

    /// Runs, newest first (by start; runs not started yet last), optionally after the run
    /// `filter.after` of a previous page.
    public func runs(_ filter: RunFilter = RunFilter()) throws -> [RunListRow] {
        try database.read { db in
            let statement = Self.runsStatement(filter, after: try filter.after.map { try Self.runAnchor($0, in: db) })
            return try RunListRow.fetchAll(db, sql: statement.sql, arguments: statement.arguments)
        }
    }

    /// Where a page of runs after run `id` starts.
    static func runAnchor(_ id: String, in db: Database) throws -> RunAnchor {
        guard let row = try Row.fetchOne(db, sql: "SELECT started_at, run_id FROM agent_runs WHERE run_id = ?", arguments: [id.lowercased()]) else {
            throw LogbookError(code: .notFound, message: "no run \(id) in the read models to page after")
        }
        return RunAnchor(startedAt: row["started_at"], runID: row["run_id"])
    }

    /// The list of runs as a union of arms that each read one index in (started_at, run_id)
    /// order, merged by SQLite without a sort: an agent is matched by name in one arm and by
    /// id in another (not `OR`, which cannot keep the order), and a page after a started run
    /// goes on with the runs not started yet (NULL sorts last) in a second arm.
    static func runsStatement(_ filter: RunFilter, after anchor: RunAnchor?) -> QueryStatement {
        var agentArms = [QueryStatement.always]
        if let agent = filter.agent {
            agentArms = [
                QueryStatement("agent_name = ?", [agent]),
                QueryStatement("agent_id = ? AND agent_name IS NOT ?", [agent, agent]),
            ]
        }
        var keyArms = [QueryStatement.always]
        if let anchor, let startedAt = anchor.startedAt {
            keyArms = [QueryStatement("(started_at, run_id) < (?, ?)", [startedAt, anchor.runID]), QueryStatement("started_at IS NULL", [])]
        } else if let anchor {
            keyArms = [QueryStatement("started_at IS NULL AND run_id < ?", [anchor.runID])]
        }
        let session = filter.session.map { QueryStatement("session_id = ?", [$0.lowercased()]) } ?? .always
        let columns = """
            SELECT run_id, agent_id, agent_name, status, started_at, finished_at, total_iterations, llm_calls,
                input_tokens, output_tokens, cost_usd FROM agent_runs
            """
        var arms: [QueryStatement] = []
        for agent in agentArms {
            for key in keyArms { arms.append(.select(columns, where: [agent, key, session])) }
        }
        var statement = QueryStatement.union(arms)
        statement.append(" ORDER BY started_at DESC, run_id DESC LIMIT ? OFFSET ?", [filter.limit, filter.offset])
        return statement
    }

    /// One run, every column; nil when the read models have no such run.
    public func run(id: String) throws -> AgentRunRow? {
        try database.read { try AgentRunRow.fetchOne($0, sql: "SELECT * FROM agent_runs WHERE run_id = ?", arguments: [id.lowercased()]) }
    }

    /// LLM usage and cost grouped by agent, run or model, most expensive first; by day, newest first.
    public func llmUsage(_ filter: LLMUsageFilter = LLMUsageFilter()) throws -> [LLMUsageRow] {
        try fetchAll(Self.llmUsageStatement(filter))
    }

    static func llmUsageStatement(_ filter: LLMUsageFilter) -> QueryStatement {
        let key = switch filter.by {
        case .agent: "agent_id"
        case .run: "run_id"
        case .model: "provider || '/' || model"
        case .day: "date(timestamp / 1000, 'unixepoch')"
        }
        var sql = """
            SELECT \(key) AS key, count(*) AS calls, sum(input_tokens) AS input_tokens,
                sum(cached_input_tokens) AS cached_input_tokens, sum(output_tokens) AS output_tokens,
                sum(reasoning_tokens) AS reasoning_tokens, \(Self.costSum) AS cost_usd,
                sum(cost_source = 'unknown') AS unpriced_calls, sum(latency_ms) AS latency_ms
            FROM llm_interactions
            """
        var arguments: StatementArguments = []
        if let run = filter.run {
            sql += " WHERE run_id = ?"
            arguments += [run.lowercased()]
        }
        sql += filter.by == .day ? " GROUP BY 1 ORDER BY key DESC LIMIT ?" : " GROUP BY 1 ORDER BY cost_usd DESC, key LIMIT ?"
        arguments += [filter.limit]
        return QueryStatement(sql, arguments)
    }

    /// The models without a price (`cost_source = 'unknown'`), most calls first.
    public func unpricedModels(run: String? = nil, limit: Int = 50) throws -> [UnpricedModelRow] {
        try fetchAll(Self.unpricedModelsStatement(run: run, limit: limit))
    }

    /// Read off the partial index of the unpriced calls, or a run's calls.
    static func unpricedModelsStatement(run: String?, limit: Int) -> QueryStatement {
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
        return QueryStatement(sql, arguments)
    }

    /// Run statistics over every run, or one agent's (by name or id).
    public func stats(agent: String? = nil) throws -> RunStatsRow {
        let statement = Self.statsStatement(agent: agent)
        return try database.read { try RunStatsRow.fetchOne($0, sql: statement.sql, arguments: statement.arguments)! }
    }

    /// One agent's runs are found through the by-name and by-id indexes.
    static func statsStatement(agent: String?) -> QueryStatement {
        var sql = """
            SELECT count(*) AS runs, coalesce(sum(status = 'completed'), 0) AS completed,
                coalesce(sum(status = 'error'), 0) AS errors, coalesce(sum(status = 'cancelled'), 0) AS cancelled,
                coalesce(sum(status IN ('running', 'pending')), 0) AS open, round(avg(total_iterations), 2) AS avg_iterations,
                coalesce(sum(llm_calls), 0) AS llm_calls, coalesce(sum(input_tokens), 0) AS input_tokens,
                coalesce(sum(output_tokens), 0) AS output_tokens, \(Self.costSum) AS cost_usd
            FROM agent_runs
            """
        var arguments: StatementArguments = []
        if let agent {
            sql += " WHERE agent_name = ? OR agent_id = ?"
            arguments += [agent, agent]
        }
        return QueryStatement(sql, arguments)
    }

    /// Sessions, most recently active first, with their message and run counts, agents, status,
    /// tokens and cost. The page is chosen first (filters, order, limit) and only its sessions'
    /// runs and messages are summed, through the by-session indexes.
    public func sessions(_ filter: SessionFilter = SessionFilter()) throws -> [SessionRow] {
        try database.read { db in
            let statement = Self.sessionsStatement(filter, after: try filter.after.map { try Self.sessionAnchor($0, in: db) })
            return try SessionRow.fetchAll(db, sql: statement.sql, arguments: statement.arguments)
        }
    }

    /// Where a page of sessions after session `id` starts.
    static func sessionAnchor(_ id: String, in db: Database) throws -> SessionAnchor {
        guard let row = try Row.fetchOne(db, sql: "SELECT last_event_at, session_id FROM sessions WHERE session_id = ?", arguments: [id.lowercased()]) else {
            throw LogbookError(code: .notFound, message: "no session \(id) in the read models to page after")
        }
        return SessionAnchor(lastEventAt: row["last_event_at"], sessionID: row["session_id"])
    }

    /// The page is read off `sessions_by_user` or `sessions_by_activity` in order; filters the
    /// indexes cannot answer (agent, status, text, `to`) are checked on each session as the
    /// walk goes, and the walk stops at the page's end.
    static func sessionsStatement(_ filter: SessionFilter, after anchor: SessionAnchor?) -> QueryStatement {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let anchor {
            conditions.append("(s.last_event_at, s.session_id) < (?, ?)")
            arguments += [anchor.lastEventAt, anchor.sessionID]
        }
        if let user = filter.user {
            conditions.append("s.user_id = ?")
            arguments += [user]
        }
        if let agent = filter.agent {
            conditions.append("EXISTS (SELECT 1 FROM agent_runs r WHERE r.session_id = s.session_id AND (r.agent_name = ? OR r.agent_id = ?))")
            arguments += [agent, agent]
        }
        if let status = filter.status {
            conditions.append("(SELECT \(Self.sessionStatus) FROM agent_runs r WHERE r.session_id = s.session_id) = ?")
            arguments += [status.rawValue]
        }
        if let from = filter.fromMs {
            conditions.append("s.last_event_at >= ?")
            arguments += [from]
        }
        if let to = filter.toMs {
            conditions.append("coalesce(s.started_at, s.last_event_at) <= ?")
            arguments += [to]
        }
        if let text = filter.text, !text.isEmpty {
            let pattern = "%" + Self.escapeLike(text) + "%"
            conditions.append("""
                (s.session_id LIKE ? ESCAPE '\\' OR s.title LIKE ? ESCAPE '\\' OR s.user_id LIKE ? ESCAPE '\\'
                    OR EXISTS (SELECT 1 FROM messages m WHERE m.session_id = s.session_id AND m.text LIKE ? ESCAPE '\\'))
                """)
            arguments += [pattern, pattern, pattern, pattern]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            WITH page AS MATERIALIZED (
                SELECT session_id, user_id, title, started_at, last_event_at, event_count, cleared_at FROM sessions s
                \(whereClause) ORDER BY s.last_event_at DESC, s.session_id DESC LIMIT ? OFFSET ?
            ),
            runs AS (
                SELECT session_id, count(*) AS run_count, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
                    \(Self.costSum) AS cost_usd, \(Self.sessionStatus) AS status
                FROM agent_runs r WHERE session_id IN (SELECT session_id FROM page) GROUP BY session_id
            )
            SELECT p.*, (SELECT count(*) FROM messages m WHERE m.session_id = p.session_id) AS message_count,
                coalesce(runs.run_count, 0) AS run_count,
                (SELECT group_concat(agent, ', ') FROM (
                    SELECT coalesce(agent_name, agent_id) AS agent, min(started_at) AS first FROM agent_runs r
                    WHERE r.session_id = p.session_id AND coalesce(agent_name, agent_id) IS NOT NULL GROUP BY 1 ORDER BY first, agent
                )) AS agents,
                runs.status, coalesce(runs.input_tokens, 0) AS input_tokens, coalesce(runs.output_tokens, 0) AS output_tokens,
                runs.cost_usd
            FROM page p LEFT JOIN runs USING (session_id)
            ORDER BY p.last_event_at DESC, p.session_id DESC
            """
        arguments += [filter.limit, filter.offset]
        return QueryStatement(sql, arguments)
    }

    /// A sum of costs to the micro-dollar, a tie rounded up as PostgreSQL rounds its exact
    /// `numeric` sum. SQLite adds the `REAL` costs in row order, and the order of the rows
    /// changes the last bits: a sum whose exact value is a tie (0.7705245) lands on either
    /// side of it. The nudge is far above those bits and far below a micro-dollar.
    static let costSum = "round(sum(cost_usd) + 1e-12, 6)"

    /// `SessionRow.Status` over the runs `r` of one session (NULL without runs).
    static let sessionStatus = """
        CASE WHEN count(*) = 0 THEN NULL WHEN sum(r.status IN ('running', 'pending')) > 0 THEN 'running'
            WHEN sum(r.status = 'error') > 0 THEN 'error' WHEN sum(r.status = 'cancelled') > 0 THEN 'cancelled'
            ELSE 'completed' END
        """

    /// `text` with LIKE's wildcards escaped by a backslash (PostgreSQL's queries escape alike).
    package static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// The documents a session retrieved, in order.
    public func documents(session: String) throws -> [DocumentRow] {
        try fetchAll(Self.documentsStatement(session: session))
    }

    static func documentsStatement(session: String) -> QueryStatement {
        QueryStatement("""
            SELECT event_id, run_id, title, content_type, source_url, timestamp
            FROM documents WHERE session_id = ? ORDER BY timestamp, event_id
            """, [session.lowercased()])
    }

    /// A trace's steps in order (thoughts, tool calls and results, LLM responses): the order
    /// of the primary key, which is the order `sequence_order` numbers.
    public func steps(trace: String) throws -> [StepRow] {
        try fetchAll(Self.stepsStatement(trace: trace))
    }

    static func stepsStatement(trace: String) -> QueryStatement {
        QueryStatement("""
            SELECT sequence_order AS step, last_position AS position, step_type, step_name, latency_ms, tokens, cost_usd, is_error, timestamp,
                coalesce(output_payload, input_payload) AS payload
            FROM trace_steps WHERE trace_id = ? ORDER BY timestamp, event_id
            """, [trace.lowercased()])
    }

    /// A run's log lines in time order, optionally only those at or above a level. Lines of the
    /// same millisecond keep the order the log holds them in (an OTLP export's records are
    /// appended by their nanosecond times).
    public func logs(_ filter: RunLogFilter) throws -> [RunLogRow] {
        try fetchAll(Self.logsStatement(filter))
    }

    static func logsStatement(_ filter: RunLogFilter) -> QueryStatement {
        var sql = "SELECT timestamp, level, message, span_id, attributes, event_id FROM run_logs WHERE run_id = ?"
        var arguments: StatementArguments = [filter.run.lowercased()]
        if let level = filter.level {
            let levels = RunLogFilter.Level.allCases.filter { $0 >= level }
            sql += " AND level IN (\(levels.map { _ in "?" }.joined(separator: ", ")))"
            arguments += StatementArguments(levels.map(\.rawValue))
        }
        sql += " ORDER BY timestamp, last_position, event_id LIMIT ?"
        arguments += [filter.limit]
        return QueryStatement(sql, arguments)
    }

    private func fetchAll<Row: QueryRow>(_ statement: QueryStatement) throws -> [Row] {
        try database.read { try Row.fetchAll($0, sql: statement.sql, arguments: statement.arguments) }
    }

    /// Each projector's version and the position it has applied up to (exclusive).
    public func checkpoints() throws -> [ProjectorCheckpoint] {
        try database.read { try ProjectorCheckpoint.fetchAll($0, sql: "SELECT * FROM projector_checkpoints ORDER BY name") }
    }
}
