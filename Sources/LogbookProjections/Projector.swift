/// Folds events into the tables of one `schemas/readmodels/<schemaFile>.sql` file.
///
/// A projector is applied to every event exactly once (its checkpoint commits with its rows)
/// but in any order within a session or trace: `apply` upserts and merges, so the tables
/// come out the same whatever the order of arrival. Bumping `version` rebuilds its tables
/// from position 0.
public protocol Projector: Sendable {
    var name: String { get }
    var version: Int { get }
    /// The DDL file (without `.sql`) that creates its tables.
    var schemaFile: String { get }
    /// Applies one event inside the batch's transaction, to SQLite or PostgreSQL.
    func apply(_ event: ProjectedEvent, to sql: any ProjectionSQL) throws
    /// Runs after the batch's events, in the same transaction.
    func finishBatch(_ events: [ProjectedEvent], to sql: any ProjectionSQL) throws
}

extension Projector {
    public func finishBatch(_ events: [ProjectedEvent], to sql: any ProjectionSQL) throws {}

    public var schema: ReadModelSchema {
        guard let schema = ReadModelSchema(file: schemaFile) else {
            preconditionFailure("projector \(name) names schemas/readmodels/\(schemaFile).sql, which the package does not carry")
        }
        return schema
    }
}

/// The projectors `logbook project` runs.
public enum Projectors {
    public static let all: [any Projector] = all(prices: .standard)

    /// The same projectors, pricing LLM calls from `prices`.
    public static func all(prices: PriceTable) -> [any Projector] {
        [
            RunsProjector(prices: prices), ExecutionsProjector(), LLMProjector(prices: prices), DocumentsProjector(),
            SessionsProjector(), AgentsProjector(), TraceStepsProjector(prices: prices), MessagesProjector(),
            RunStatesProjector(), ActivityProjector(),
        ]
    }

    public static func named(_ name: String) -> (any Projector)? {
        all.first { $0.name == name }
    }
}
