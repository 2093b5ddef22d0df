import Hummingbird
import LogbookCore
import LogbookReplay
import LogbookStore
import Synchronization

/// `GET /v1/query/…`: the read-model queries of `logbook query`, with the same filters, from
/// whichever backend the server reads (SQLite, or PostgreSQL with `--postgres`).
struct QueryRoutes {
    let store: LogbookStore
    let readModels: any ReadModelQueries

    func add(to group: RouterGroup<LogbookRequestContext>) {
        group.get("query/runs") { request, _ in
            let parameters = request.queryParameters
            let filter = RunFilter(
                agent: parameters["agent"].map(String.init), session: parameters["session"].map(String.init),
                after: parameters["after"].map(String.init), limit: try Self.int(parameters["limit"], "limit", 20),
                offset: try Self.int(parameters["offset"], "offset", 0))
            return try rows(await readModels.runs(filter))
        }
        group.get("query/run/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let row = try await readModels.run(id: id) else { throw APIError.notFound("no run \(id) in the read models") }
            return try EventRoutes.json(["row": row])
        }
        group.get("query/events") { request, _ -> Response in
            let parameters = request.queryParameters
            guard let text = parameters["run"], let run = LogUUID(String(text)) else { throw APIError.badRequest("run=ID (a UUID) is required") }
            if let type = parameters["type"] {
                let query = EventQuery(trace: run, type: String(type))
                return EventRoutes.render(try await offLoop { [store] in try store.events(query) }, lines: EventRoutes.wantsLines(request))
            }
            let counts = try await offLoop { [store] in try store.eventTypeCounts(run: run) }
            return try EventRoutes.json(["rows": counts])
        }
        group.get("query/llm") { request, _ in
            let parameters = request.queryParameters
            var filter = LLMUsageFilter(run: parameters["run"].map(String.init), limit: try Self.int(parameters["limit"], "limit", 50))
            if let by = parameters["by"] {
                guard let grouping = LLMUsageFilter.Grouping(rawValue: String(by)) else { throw APIError.badRequest("by '\(by)' is not one of agent, run, model, day") }
                filter.by = grouping
            }
            return try rows(await readModels.llmUsage(filter))
        }
        group.get("query/stats") { request, _ in
            let agent = request.queryParameters["agent"].map(String.init)
            let row = try await readModels.stats(agent: agent)
            return try EventRoutes.json(["row": row])
        }
        group.get("query/sessions") { request, _ in
            let parameters = request.queryParameters
            var status: SessionRow.Status?
            if let text = parameters["status"] {
                guard let value = SessionRow.Status(rawValue: String(text)) else {
                    throw APIError.badRequest("status '\(text)' is not one of running, error, cancelled, completed")
                }
                status = value
            }
            let filter = SessionFilter(
                user: parameters["user"].map(String.init), agent: parameters["agent"].map(String.init), status: status,
                fromMs: try Self.time(parameters["from"], "from"), toMs: try Self.time(parameters["to"], "to"),
                text: parameters["text"].map(String.init), after: parameters["after"].map(String.init),
                limit: try Self.int(parameters["limit"], "limit", 20),
                offset: try Self.int(parameters["offset"], "offset", 0))
            return try rows(await readModels.sessions(filter))
        }
        group.get("query/costs") { request, _ in
            let parameters = request.queryParameters
            let by = parameters["by"].map(String.init) ?? "model"
            guard let grouping = LLMUsageFilter.Grouping(rawValue: by), grouping != .run else {
                throw APIError.badRequest("by '\(by)' is not one of model, agent, day")
            }
            let filter = LLMUsageFilter(by: grouping, limit: try Self.int(parameters["limit"], "limit", 60))
            let costs = Costs(rows: try await readModels.llmUsage(filter), unpriced: try await readModels.unpricedModels(run: nil, limit: 50))
            return try EventRoutes.json(costs)
        }
        group.get("query/documents") { request, _ in
            guard let session = request.queryParameters["session"] else { throw APIError.badRequest("session=ID is required") }
            return try rows(await readModels.documents(session: String(session)))
        }
        group.get("query/steps") { request, _ in
            guard let trace = request.queryParameters["trace"] else { throw APIError.badRequest("trace=ID is required") }
            return try rows(await readModels.steps(trace: String(trace)))
        }
        group.get("query/logs") { request, _ in
            let parameters = request.queryParameters
            guard let run = parameters["run"] else { throw APIError.badRequest("run=ID is required") }
            var filter = RunLogFilter(run: String(run), limit: try Self.int(parameters["limit"], "limit", 1000))
            if let level = parameters["level"] {
                guard let chosen = RunLogFilter.Level(rawValue: String(level)) else {
                    throw APIError.badRequest("level '\(level)' is not one of debug, info, warn, error")
                }
                filter.level = chosen
            }
            return try rows(await readModels.logs(filter))
        }
    }

    private func rows<Row: QueryRow>(_ rows: [Row]) throws -> Response {
        try EventRoutes.json(["rows": rows])
    }

    /// A time as ms since the epoch or ISO-8601, as `as_of` takes it.
    static func time(_ text: Substring?, _ name: String) throws -> Int64? {
        guard let text else { return nil }
        guard case .recordedAt(let ms) = ReplayPoint.time(String(text)) else {
            throw APIError.badRequest("\(name) '\(text)' is neither ISO-8601 (2026-01-01T09:30:00Z) nor ms since the epoch")
        }
        return ms
    }

    static func int(_ text: Substring?, _ name: String, _ fallback: Int) throws -> Int {
        guard let text else { return fallback }
        guard let value = Int(text), value >= 0 else { throw APIError.badRequest("\(name) '\(text)' is not a non-negative integer") }
        return value
    }
}

/// The SQLite read models, opened on first use (the database appears with the first
/// projection) and kept open; their queries block, so each runs off the event loops.
final class ReadModelsHandle: ReadModelQueries {
    private let path: String
    private let opened = Mutex<ReadModels?>(nil)

    init(path: String) {
        self.path = path
    }

    private func query<T: Sendable>(_ body: @escaping @Sendable (ReadModels) throws -> T) async throws -> T {
        let models = try opened.withLock { models in
            if let models { return models }
            let fresh = try ReadModels(path: path)
            models = fresh
            return fresh
        }
        return try await offLoop { try body(models) }
    }

    func runs(_ filter: RunFilter) async throws -> [RunListRow] { try await query { try $0.runs(filter) } }
    func run(id: String) async throws -> AgentRunRow? { try await query { try $0.run(id: id) } }
    func llmUsage(_ filter: LLMUsageFilter) async throws -> [LLMUsageRow] { try await query { try $0.llmUsage(filter) } }
    func unpricedModels(run: String?, limit: Int) async throws -> [UnpricedModelRow] {
        try await query { try $0.unpricedModels(run: run, limit: limit) }
    }
    func stats(agent: String?) async throws -> RunStatsRow { try await query { try $0.stats(agent: agent) } }
    func sessions(_ filter: SessionFilter) async throws -> [SessionRow] { try await query { try $0.sessions(filter) } }
    func documents(session: String) async throws -> [DocumentRow] { try await query { try $0.documents(session: session) } }
    func steps(trace: String) async throws -> [StepRow] { try await query { try $0.steps(trace: trace) } }
    func logs(_ filter: RunLogFilter) async throws -> [RunLogRow] { try await query { try $0.logs(filter) } }
    func checkpoints() async throws -> [ProjectorCheckpoint] { try await query { try $0.checkpoints() } }
}

/// `GET /v1/query/costs`: usage and cost by one grouping, and the models left unpriced.
struct Costs: Encodable, Sendable {
    var rows: [LLMUsageRow]
    var unpriced: [UnpricedModelRow]
}
