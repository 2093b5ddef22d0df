import LogbookCore
import LogbookProjections
import LogbookStore
import Logging
import PostgresNIO
import Synchronization

/// The read-model queries answered from PostgreSQL: the tables every node projects into
/// (`logbook project --postgres`), read whole, so that a query sees every node's rows; the
/// checkpoints are this node's. The rows are those `ReadModels` gives for the same events.
///
/// One connection, opened on first use and opened again after it is lost, so that a server
/// started before its database answers once the database is back. Queries on it are queued
/// by the connection, not by this type.
public final class PostgresReadModels: ReadModelQueries {
    public let location: PostgresLocation
    /// How long a query may take before it is given up and its connection dropped.
    public let queryTimeout: Duration
    let logger: Logger
    private let connection = Mutex<PostgresConnection?>(nil)

    /// Read models in `location`'s schema; connects on the first query.
    public init(location: PostgresLocation, queryTimeout: Duration = .seconds(60), logger: Logger) {
        self.location = location
        self.queryTimeout = queryTimeout
        self.logger = logger
    }

    /// Connects now and checks that the schema holds read models: an unreachable server or
    /// a schema nothing was projected into is said at once.
    public static func open(location: PostgresLocation, queryTimeout: Duration = .seconds(60), logger: Logger) async throws -> PostgresReadModels {
        let models = PostgresReadModels(location: location, queryTimeout: queryTimeout, logger: logger)
        do {
            _ = try await models.checkpoints()
        } catch {
            await models.close()
            throw error
        }
        return models
    }

    /// `open(location:)` from a URL (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME]`);
    /// the node id chooses whose checkpoints `checkpoints()` gives.
    public static func open(url: String, nodeID: String = PostgresLocation.defaultNodeID, logger: Logger) async throws -> PostgresReadModels {
        try await open(location: PostgresLocation(url: url, nodeID: nodeID), logger: logger)
    }

    public func close() async {
        let open = connection.withLock { connection in
            defer { connection = nil }
            return connection
        }
        try? await open?.close()
    }

    public func runs(_ filter: RunFilter) async throws -> [RunListRow] {
        var anchor: (startedAt: Int64?, runID: String)?
        if let after = filter.after {
            var statement = PostgresStatement("SELECT started_at, run_id FROM agent_runs")
            statement.append(" WHERE run_id = \(statement.bind(after.lowercased()))")
            guard let row = try await rows(statement).first else {
                throw LogbookError(code: .notFound, message: "no run \(after) in the read models to page after")
            }
            anchor = try row.decode((Int64?, String).self)
        }
        return try await fetchAll(Self.runsStatement(filter, after: anchor))
    }

    public func run(id: String) async throws -> AgentRunRow? {
        try await fetchAll(Self.runStatement(id: id), as: AgentRunRow.self).first
    }

    public func llmUsage(_ filter: LLMUsageFilter) async throws -> [LLMUsageRow] {
        try await fetchAll(Self.llmUsageStatement(filter))
    }

    public func unpricedModels(run: String?, limit: Int) async throws -> [UnpricedModelRow] {
        try await fetchAll(Self.unpricedModelsStatement(run: run, limit: limit))
    }

    public func stats(agent: String?) async throws -> RunStatsRow {
        guard let row = try await fetchAll(Self.statsStatement(agent: agent), as: RunStatsRow.self).first else {
            throw PostgresProjectionError(code: .server, message: "PostgreSQL answered the run statistics, an aggregate, with no row")
        }
        return row
    }

    public func sessions(_ filter: SessionFilter) async throws -> [SessionRow] {
        var anchor: (lastEventAt: Int64, sessionID: String)?
        if let after = filter.after {
            var statement = PostgresStatement("SELECT last_event_at, session_id FROM sessions")
            statement.append(" WHERE session_id = \(statement.bind(after.lowercased()))")
            guard let row = try await rows(statement).first else {
                throw LogbookError(code: .notFound, message: "no session \(after) in the read models to page after")
            }
            anchor = try row.decode((Int64, String).self)
        }
        return try await fetchAll(Self.sessionsStatement(filter, after: anchor))
    }

    public func documents(session: String) async throws -> [DocumentRow] {
        try await fetchAll(Self.documentsStatement(session: session))
    }

    public func steps(trace: String) async throws -> [StepRow] {
        try await fetchAll(Self.stepsStatement(trace: trace))
    }

    public func logs(_ filter: RunLogFilter) async throws -> [RunLogRow] {
        try await fetchAll(Self.logsStatement(filter))
    }

    /// This node's checkpoints.
    public func checkpoints() async throws -> [ProjectorCheckpoint] {
        try await fetchAll(Self.checkpointsStatement(node: location.nodeID))
    }

    private func fetchAll<Row: Decodable>(_ statement: PostgresStatement, as type: Row.Type = Row.self) async throws -> [Row] {
        try await rows(statement).map { try PostgresRowDecoder.decode(Row.self, from: $0) }
    }

    /// Runs `statement` and collects its rows. A connection found closed is dropped, so the
    /// next query connects again; so is one whose query outlasts `queryTimeout`.
    private func rows(_ statement: PostgresStatement) async throws -> [PostgresRow] {
        let connection = try await connected()
        let query = statement.query
        let logger = logger
        do {
            return try await Self.within(queryTimeout) {
                var rows: [PostgresRow] = []
                for try await row in try await connection.query(query, logger: logger) { rows.append(row) }
                return rows
            }
        } catch is QueryTimeout {
            forget(connection)
            try? await connection.close()
            throw PostgresProjectionError(
                code: .server, message: "PostgreSQL did not answer a read-model query within \(queryTimeout); the connection is dropped")
        } catch {
            if connection.isClosed { forget(connection) }
            throw PostgresProjectionError.server(error, doing: "a read-model query")
        }
    }

    /// `body`'s result, or `QueryTimeout` once `timeout` has passed. postgres-nio 1.33 can
    /// leave a query sent on a connection that has just closed waiting for ever (its fix,
    /// vapor/postgres-nio#487, was reverted), and a task that waits for ever cannot be
    /// cancelled either: this returns without it, and the task is left to its wait.
    static func within<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let outcome = Mutex<CheckedContinuation<T, any Error>?>(nil)
        let finish: @Sendable (Result<T, any Error>) -> Void = { result in
            outcome.withLock { continuation in
                continuation?.resume(with: result)
                continuation = nil
            }
        }
        return try await withCheckedThrowingContinuation { continuation in
            outcome.withLock { $0 = continuation }
            let timer = Task {
                try await Task.sleep(for: timeout)
                finish(.failure(QueryTimeout()))
            }
            Task {
                do {
                    finish(.success(try await body()))
                } catch {
                    finish(.failure(error))
                }
                timer.cancel()
            }
        }
    }

    /// The open connection, or a new one with the schema as its search path; refuses a
    /// schema that holds no read models.
    private func connected() async throws -> PostgresConnection {
        if let open = connection.withLock({ $0 }), !open.isClosed { return open }
        let fresh: PostgresConnection
        do {
            fresh = try await PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: location.configuration, id: 1, logger: logger)
        } catch {
            throw PostgresProjectionError.unreachable(location, error)
        }
        do {
            let found = try await fresh.query("SELECT to_regclass(\(location.schema + ".projector_checkpoints"))::text", logger: logger)
            var projected = false
            for try await table in found.decode(String?.self) { projected = table != nil }
            guard projected else {
                throw ProjectionError(
                    code: .notProjected,
                    message: "no read models in PostgreSQL schema \(location.schema) of \(location.host):\(location.port)/\(location.database); "
                        + "run `logbook project --postgres URL` first")
            }
            try await fresh.query(PostgresQuery(unsafeSQL: "SET search_path TO \(location.schema)"), logger: logger)
        } catch {
            try? await fresh.close()
            if error is ProjectionError { throw error }
            throw PostgresProjectionError.unreachable(location, error)
        }
        let (kept, spare) = connection.withLock { current -> (PostgresConnection, PostgresConnection?) in
            if let current, !current.isClosed { return (current, fresh) }
            current = fresh
            return (fresh, nil)
        }
        try? await spare?.close()
        return kept
    }

    private func forget(_ lost: PostgresConnection) {
        connection.withLock { current in
            if current === lost { current = nil }
        }
    }
}

/// A query that outlasted `PostgresReadModels.queryTimeout`.
struct QueryTimeout: Error {}
