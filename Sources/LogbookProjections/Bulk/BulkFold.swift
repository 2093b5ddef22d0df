import Foundation
import GRDB
import LogbookCatalogue
import LogbookCore

/// A rebuild's fold in memory: the log's events folded batch by batch into `ReadModelRows`
/// (the projectors' rules, in Swift), each row written once into the shadow database
/// through prepared statements (`RowInserter`): the rows of one event each as their batch
/// ends (`ReadModelRows.eventTables`), the rows events merge into (a run, a session) at
/// the end. The statement path wrote a run's row once per event of the run, by upsert.
///
/// It serves the standard projectors only (`Projectors.all`, with one price table); a
/// rebuild of other projectors goes statement by statement.
enum BulkFold {
    /// The price table of `targets` when they are standard projectors that the fold folds
    /// alike (same type, name and version); nil otherwise.
    static func prices(of targets: [any Projector]) -> PriceTable? {
        let prices = targets.lazy.compactMap { projector -> PriceTable? in
            switch projector {
            case let runs as RunsProjector: runs.prices
            case let llm as LLMProjector: llm.prices
            case let steps as TraceStepsProjector: steps.prices
            default: nil
            }
        }.first ?? .standard
        let standard = Projectors.all(prices: prices)
        let foldable = targets.allSatisfy { target in
            standard.contains { ObjectIdentifier(type(of: $0)) == ObjectIdentifier(type(of: target)) && $0.name == target.name && $0.version == target.version }
        }
        return foldable ? prices : nil
    }

    /// Folds the events below `head` into `shadow`, `rebuildBatchSize` at a time, for the
    /// tables of `targets`; `interruption` is called after each event, as the statement path
    /// calls it. Returns the position of the last event folded (-1 for none).
    static func fold(
        _ reader: LogReader, until head: UInt64, targets: [any Projector], prices: PriceTable, into shadow: DatabaseQueue,
        options: ProjectionOptions, progress: ((ProjectionProgress) -> Void)?, start: Date
    ) throws -> Int64 {
        let tables = Set(targets.flatMap(\.schema.tables) + [ReadModelRows.DeletedRun.table])
        let steps = targets.first { $0 is TraceStepsProjector }
        var rows = ReadModelRows(prices: prices)
        /// Runs with rows written: a deletion of another run has nothing to delete on disk.
        var writtenRuns = Set<String>()
        var next: UInt64 = 0
        var batch = 0
        while next < head {
            var events: [ProjectedEvent] = []
            events.reserveCapacity(options.rebuildBatchSize)
            try reader.forEach(in: next..<min(head, next + UInt64(options.rebuildBatchSize))) { event in
                events.append(ProjectedEvent(event))
                return true
            }
            guard let last = events.last else { break }
            for (index, event) in events.enumerated() {
                rows.apply(event)
                try options.interruption?(batch, index)
            }
            rows.finishBatch()
            let eventRows = rows.takeEventRows()
            try shadow.write { db in
                try deleteWritten(of: events, writtenRuns: writtenRuns, tables: tables, in: db)
                for (table, values) in eventRows where tables.contains(table) && !values.isEmpty {
                    let inserter = try RowInserter(db, table: table, columns: ReadModelRows.columns(of: table)!)
                    for row in values { try inserter.insert(row) }
                }
                // Numbers the steps and names the results the batch brought, over the steps
                // written so far, exactly as the projector does after each batch.
                try steps?.finishBatch(events, to: db)
            }
            for event in events { writtenRuns.insert(event.traceID) }
            batch += 1
            next = UInt64(last.position) + 1
            progress?(ProjectionProgress(events: Int(next), position: next, head: head, seconds: Date().timeIntervalSince(start)))
        }
        try shadow.write { db in
            for table in ReadModelRows.tables where tables.contains(table) && !ReadModelRows.eventTables.contains(table) {
                let inserter = try RowInserter(db, table: table, columns: ReadModelRows.columns(of: table)!)
                for row in rows.rows(of: table)! { try inserter.insert(row) }
            }
            try db.execute(sql: "UPDATE projector_checkpoints SET position = ?", arguments: [rows.position])
        }
        return rows.position
    }

    /// What the batch's deletions and removals do to rows earlier batches wrote (the fold
    /// already dropped those it holds).
    private static func deleteWritten(of events: [ProjectedEvent], writtenRuns: Set<String>, tables: Set<String>, in db: Database) throws {
        for event in events {
            switch event.type {
            case EventType.runDeleted where writtenRuns.contains(event.traceID):
                for table in ReadModelRows.eventTables where tables.contains(table) && table != ReadModelRows.Message.table {
                    let column = table == ReadModelRows.TraceStep.table ? "trace_id" : "run_id"
                    try db.execute(sql: "DELETE FROM \(table) WHERE \(column) = ?", arguments: [event.traceID])
                }
            case EventType.messageRemoved where tables.contains(ReadModelRows.Message.table):
                guard let target = ReadModelRows.removalTarget(of: event) else { continue }
                try db.execute(sql: "DELETE FROM messages WHERE event_id = ?", arguments: [target])
            default:
                continue
            }
        }
    }
}
