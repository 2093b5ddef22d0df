import Foundation
import GRDB
import LogbookCatalogue
import LogbookCore
import LogbookProjections
@testable import LogbookStore
import LogbookTestSupport
import Logging

/// A store holding a generated workload and a run not started yet (only an LLM call, so
/// its `started_at` is NULL), projected, with its read models open.
final class QueryFixture: Sendable {
    let directory: TemporaryDirectory
    let models: ReadModels
    static let pendingRun = "0b7e2c51-0000-4000-8000-00000000beef"

    init() async throws {
        directory = TemporaryDirectory("queries")
        let store = directory.appending("store")
        var options = LogOptions()
        options.payloadCheck = EventCatalogue.problem
        options.durability = .none
        let log = try EventLog.open(directory: store, options: options, logger: Logger(label: "query-tests"))
        defer { log.close() }
        var drafts = Workload.drafts(sessions: 40, seed: 11)
        drafts.append(EventDraft(
            eventType: EventType.llmInteraction, traceID: LogUUID(Self.pendingRun)!, agentID: "agent-pending", timestampMs: 1_767_225_600_000,
            payload: Array(#"{"provider":"acme","model":"house-7","prompt":"p","input_tokens":3}"#.utf8)))
        var start = 0
        while start < drafts.count {
            let end = min(drafts.count, start + 500)
            _ = try await log.append(Array(drafts[start..<end]))
            start = end
        }
        try ProjectionEngine(reader: log.reader, logger: Logger(label: "query-tests")).catchUp()
        models = try ReadModels(path: ProjectionEngine.databasePath(store: store))
    }

    /// The steps of `statement`'s query plan.
    func plan(_ statement: QueryStatement) throws -> [PlanStep] {
        try models.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments).map {
                PlanStep(id: $0["id"], parent: $0["parent"], detail: $0["detail"])
            }
        }
    }

    /// A value of the read models, by SQL.
    func value<T: DatabaseValueConvertible>(_ sql: String, _ arguments: StatementArguments = []) throws -> T? {
        try models.database.read { try T.fetchOne($0, sql: sql, arguments: arguments) }
    }

    func strings(_ sql: String, _ arguments: StatementArguments = []) throws -> [String] {
        try models.database.read { try String.fetchAll($0, sql: sql, arguments: arguments) }
    }
}

/// One line of `EXPLAIN QUERY PLAN`.
struct PlanStep: CustomStringConvertible {
    var id: Int
    var parent: Int
    var detail: String

    var description: String { detail }
}
