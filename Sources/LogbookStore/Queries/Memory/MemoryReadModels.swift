import Foundation
import LogbookCore
import LogbookProjections

/// The read-model queries answered from read models folded in memory (`ReadModelRows`):
/// the same answers as SQLite's `ReadModels` (its SQL is the specification), without a
/// database. For tests, and for a process that holds a small log's read models in memory.
public final class MemoryReadModels: ReadModelQueries, @unchecked Sendable {
    // `rows` is only touched under `lock`; a query works on a copy (the tables are
    // copy-on-write), so it never holds the lock while it computes.
    private var rows: ReadModelRows
    private let lock = NSLock()

    /// Folds `events` (in log order) as one batch.
    public init(events: some Sequence<RecordedEvent>, prices: PriceTable = .standard) {
        var rows = ReadModelRows(prices: prices)
        rows.apply(batch: events.lazy.map(ProjectedEvent.init))
        self.rows = rows
    }

    /// Folds more events, following the log, as one batch.
    public func apply(_ events: some Sequence<RecordedEvent>) {
        let projected = events.map(ProjectedEvent.init)
        lock.withLock { rows.apply(batch: projected) }
    }

    /// The folded tables as they stand.
    public var snapshot: ReadModelRows {
        lock.withLock { rows }
    }

    public func checkpoints() -> [ProjectorCheckpoint] {
        snapshot.checkpoints
            .map { ProjectorCheckpoint(name: $0.name, version: Int64($0.version), position: $0.position) }
            .sorted { $0.name.sortsBefore($1.name) }
    }
}

/// `LIMIT ? OFFSET ?` as SQLite reads them: a negative limit is none, a negative offset zero.
func page<Row>(_ rows: [Row], limit: Int, offset: Int = 0) -> [Row] {
    let start = min(rows.count, max(offset, 0))
    let end = limit < 0 ? rows.count : min(rows.count, start + limit)
    return Array(rows[start..<end])
}

/// SQL's `ORDER BY` of nullable values: NULL sorts first ascending.
func ascending<Value>(_ a: Value?, _ b: Value?, _ precedes: (Value, Value) -> Bool) -> Bool? {
    switch (a, b) {
    case (nil, nil): return nil
    case (nil, _): return true
    case (_, nil): return false
    case let (a?, b?): return precedes(a, b) ? true : precedes(b, a) ? false : nil
    }
}
