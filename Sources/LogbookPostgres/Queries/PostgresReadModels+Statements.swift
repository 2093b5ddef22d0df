import LogbookStore

/// The statements of `PostgresReadModels`: SQLite's queries (`ReadModels`) spelled so that
/// PostgreSQL answers with the same rows in the same order. Where the two engines differ,
/// the statements say SQLite's meaning: text compares byte by byte (`COLLATE "C"`), NULL
/// sorts first ascending and last descending, sums of `numeric` costs come back as float8,
/// sums of counts as bigint, and LIKE folds ASCII letters only (ILIKE in the "C" collation,
/// where only A to Z are letters).
extension PostgresReadModels {
    static let runColumns = """
        SELECT run_id, agent_id, agent_name, status, started_at, finished_at, total_iterations, llm_calls,
            input_tokens, output_tokens, cost_usd::float8 AS cost_usd FROM agent_runs
        """

    /// Runs newest first, then the runs not started yet (a page after a started run goes on
    /// with those). Each kind is read in its own arm and cut at the page's end, so that
    /// neither sorts every run: the started ones come off `agent_runs_by_start` in order (only
    /// the runs of one millisecond are sorted, by id), the others are sorted by id.
    static func runsStatement(_ filter: RunFilter, after anchor: (startedAt: Int64?, runID: String)?) -> PostgresStatement {
        var statement = PostgresStatement()
        var shared: [String] = []
        if let agent = filter.agent {
            let placeholder = statement.bind(agent)
            shared.append("(agent_name = \(placeholder) OR agent_id = \(placeholder))")
        }
        if let session = filter.session {
            shared.append("session_id = \(statement.bind(session.lowercased()))")
        }
        var started = shared + ["started_at IS NOT NULL"], unstarted = shared + ["started_at IS NULL"]
        if let anchor, let startedAt = anchor.startedAt {
            let time = statement.bind(startedAt), id = statement.bind(anchor.runID)
            started.append("(started_at < \(time) OR (started_at = \(time) AND run_id COLLATE \"C\" < \(id)))")
        } else if let anchor {
            started.append("false")
            unstarted.append("run_id COLLATE \"C\" < \(statement.bind(anchor.runID))")
        }
        let end = statement.bind(pageEnd: filter.limit, offset: filter.offset)
        statement.append("""
            SELECT * FROM (
                (\(runColumns)\(whereClause(started)) ORDER BY started_at DESC, run_id COLLATE "C" DESC LIMIT \(end))
                UNION ALL
                (\(runColumns)\(whereClause(unstarted)) ORDER BY run_id COLLATE "C" DESC LIMIT \(end))
            ) AS runs ORDER BY started_at DESC NULLS LAST, run_id COLLATE "C" DESC
            """)
        statement.append(" LIMIT \(statement.bind(limit: filter.limit)) OFFSET \(statement.bind(offset: filter.offset))")
        return statement
    }

    static func runStatement(id: String) -> PostgresStatement {
        var statement = PostgresStatement("""
            SELECT run_id, agent_id, agent_name, objective, additional_context, session_id, started_at, finished_at,
                total_iterations, final_synthesis_output, status, error_message, metadata, input_tokens, cached_input_tokens,
                output_tokens, reasoning_tokens, cost_usd::float8 AS cost_usd, llm_calls, latency_ms, last_position
            FROM agent_runs
            """)
        statement.append(" WHERE run_id = \(statement.bind(id.lowercased()))")
        return statement
    }

    static func llmUsageStatement(_ filter: LLMUsageFilter) -> PostgresStatement {
        let key = switch filter.by {
        case .agent: "agent_id"
        case .run: "run_id"
        case .model: "(provider || '/' || model)"
        case .day: "to_char(to_timestamp(timestamp / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        }
        var statement = PostgresStatement("""
            SELECT \(key) COLLATE "C" AS key, count(*) AS calls, sum(input_tokens)::int8 AS input_tokens,
                sum(cached_input_tokens)::int8 AS cached_input_tokens, sum(output_tokens)::int8 AS output_tokens,
                sum(reasoning_tokens)::int8 AS reasoning_tokens, round(sum(cost_usd), 6)::float8 AS cost_usd,
                count(*) FILTER (WHERE cost_source = 'unknown') AS unpriced_calls, sum(latency_ms)::int8 AS latency_ms
            FROM llm_interactions
            """)
        if let run = filter.run {
            statement.append(" WHERE run_id = \(statement.bind(run.lowercased()))")
        }
        statement.append(filter.by == .day ? " GROUP BY 1 ORDER BY key DESC NULLS LAST" : " GROUP BY 1 ORDER BY cost_usd DESC NULLS LAST, key NULLS FIRST")
        statement.append(" LIMIT \(statement.bind(limit: filter.limit))")
        return statement
    }

    static func unpricedModelsStatement(run: String?, limit: Int) -> PostgresStatement {
        var statement = PostgresStatement("""
            SELECT provider, model, count(*) AS calls, sum(input_tokens)::int8 AS input_tokens, sum(output_tokens)::int8 AS output_tokens
            FROM llm_interactions WHERE cost_source = 'unknown'
            """)
        if let run {
            statement.append(" AND run_id = \(statement.bind(run.lowercased()))")
        }
        statement.append("""
             GROUP BY provider, model ORDER BY calls DESC, provider COLLATE "C" NULLS FIRST, model COLLATE "C" NULLS FIRST \
            LIMIT \(statement.bind(limit: limit))
            """)
        return statement
    }

    static func statsStatement(agent: String?) -> PostgresStatement {
        var statement = PostgresStatement("""
            SELECT count(*) AS runs, count(*) FILTER (WHERE status = 'completed') AS completed,
                count(*) FILTER (WHERE status = 'error') AS errors, count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
                count(*) FILTER (WHERE status IN ('running', 'pending')) AS open,
                round(avg(total_iterations), 2)::float8 AS avg_iterations, coalesce(sum(llm_calls), 0)::int8 AS llm_calls,
                coalesce(sum(input_tokens), 0)::int8 AS input_tokens, coalesce(sum(output_tokens), 0)::int8 AS output_tokens,
                round(sum(cost_usd), 6)::float8 AS cost_usd
            FROM agent_runs
            """)
        if let agent {
            let placeholder = statement.bind(agent)
            statement.append(" WHERE agent_name = \(placeholder) OR agent_id = \(placeholder)")
        }
        return statement
    }

    /// The page of sessions is chosen first (filters, order, limit); only its sessions' runs
    /// and messages are summed.
    static func sessionsStatement(_ filter: SessionFilter, after anchor: (lastEventAt: Int64, sessionID: String)?) -> PostgresStatement {
        var statement = PostgresStatement()
        var conditions: [String] = []
        if let anchor {
            let time = statement.bind(anchor.lastEventAt), id = statement.bind(anchor.sessionID)
            conditions.append("(s.last_event_at < \(time) OR (s.last_event_at = \(time) AND s.session_id COLLATE \"C\" < \(id)))")
        }
        if let user = filter.user {
            conditions.append("s.user_id = \(statement.bind(user))")
        }
        if let agent = filter.agent {
            let placeholder = statement.bind(agent)
            conditions.append("""
                EXISTS (SELECT 1 FROM agent_runs r WHERE r.session_id = s.session_id AND (r.agent_name = \(placeholder) OR r.agent_id = \(placeholder)))
                """)
        }
        if let status = filter.status {
            conditions.append("(SELECT \(sessionStatus) FROM agent_runs r WHERE r.session_id = s.session_id) = \(statement.bind(status.rawValue))")
        }
        if let from = filter.fromMs {
            conditions.append("s.last_event_at >= \(statement.bind(from))")
        }
        if let to = filter.toMs {
            conditions.append("coalesce(s.started_at, s.last_event_at) <= \(statement.bind(to))")
        }
        if let text = filter.text, !text.isEmpty {
            let pattern = statement.bind("%" + ReadModels.escapeLike(text) + "%")
            let matches = { (column: String) in "\(column) COLLATE \"C\" ILIKE \(pattern) ESCAPE '\\'" }
            conditions.append("""
                (\(matches("s.session_id")) OR \(matches("s.title")) OR \(matches("s.user_id"))
                    OR EXISTS (SELECT 1 FROM messages m WHERE m.session_id = s.session_id AND \(matches("m.text"))))
                """)
        }
        statement.append("""
            WITH page AS MATERIALIZED (
                SELECT session_id, user_id, title, started_at, last_event_at, event_count, cleared_at FROM sessions s
                \(whereClause(conditions)) ORDER BY s.last_event_at DESC, s.session_id COLLATE "C" DESC
                LIMIT \(statement.bind(limit: filter.limit)) OFFSET \(statement.bind(offset: filter.offset))
            ),
            runs AS (
                SELECT session_id, count(*) AS run_count, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
                    round(sum(cost_usd), 6) AS cost_usd, \(sessionStatus) AS status
                FROM agent_runs r WHERE session_id IN (SELECT session_id FROM page) GROUP BY session_id
            )
            SELECT p.*, (SELECT count(*) FROM messages m WHERE m.session_id = p.session_id) AS message_count,
                coalesce(runs.run_count, 0) AS run_count,
                (SELECT string_agg(agent, ', ' ORDER BY first NULLS FIRST, agent) FROM (
                    SELECT coalesce(agent_name, agent_id) COLLATE "C" AS agent, min(started_at) AS first FROM agent_runs r
                    WHERE r.session_id = p.session_id AND coalesce(agent_name, agent_id) IS NOT NULL GROUP BY 1
                ) AS session_agents) AS agents,
                runs.status, coalesce(runs.input_tokens, 0)::int8 AS input_tokens, coalesce(runs.output_tokens, 0)::int8 AS output_tokens,
                runs.cost_usd::float8 AS cost_usd
            FROM page p LEFT JOIN runs USING (session_id)
            ORDER BY p.last_event_at DESC, p.session_id COLLATE "C" DESC
            """)
        return statement
    }

    /// `SessionRow.Status` over the runs `r` of one session (NULL without runs).
    static let sessionStatus = """
        CASE WHEN count(*) = 0 THEN NULL WHEN count(*) FILTER (WHERE r.status IN ('running', 'pending')) > 0 THEN 'running'
            WHEN count(*) FILTER (WHERE r.status = 'error') > 0 THEN 'error'
            WHEN count(*) FILTER (WHERE r.status = 'cancelled') > 0 THEN 'cancelled' ELSE 'completed' END
        """

    static func documentsStatement(session: String) -> PostgresStatement {
        var statement = PostgresStatement("""
            SELECT event_id, run_id, title, content_type, source_url, timestamp FROM documents
            """)
        statement.append(" WHERE session_id = \(statement.bind(session.lowercased())) ORDER BY timestamp, event_id COLLATE \"C\"")
        return statement
    }

    static func stepsStatement(trace: String) -> PostgresStatement {
        var statement = PostgresStatement("""
            SELECT sequence_order AS step, last_position AS position, step_type, step_name, latency_ms, tokens,
                cost_usd::float8 AS cost_usd, is_error, timestamp, coalesce(output_payload, input_payload) AS payload
            FROM trace_steps
            """)
        statement.append(" WHERE trace_id = \(statement.bind(trace.lowercased())) ORDER BY timestamp, event_id COLLATE \"C\"")
        return statement
    }

    static func logsStatement(_ filter: RunLogFilter) -> PostgresStatement {
        var statement = PostgresStatement("SELECT timestamp, level, message, span_id, attributes, event_id FROM run_logs")
        statement.append(" WHERE run_id = \(statement.bind(filter.run.lowercased()))")
        if let level = filter.level {
            let levels = RunLogFilter.Level.allCases.filter { $0 >= level }
            statement.append(" AND level IN (\(levels.map { statement.bind($0.rawValue) }.joined(separator: ", ")))")
        }
        statement.append(" ORDER BY timestamp, last_position, event_id COLLATE \"C\" LIMIT \(statement.bind(limit: filter.limit))")
        return statement
    }

    static func checkpointsStatement(node: String) -> PostgresStatement {
        var statement = PostgresStatement("SELECT name, version, position FROM projector_checkpoints")
        statement.append(" WHERE node_id = \(statement.bind(node)) ORDER BY name COLLATE \"C\"")
        return statement
    }

    private static func whereClause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }
}
