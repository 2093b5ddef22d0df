import Foundation
import LogbookCatalogue
import LogbookCore

/// A rebuild's fold in memory: the log's events folded batch by batch into `ReadModelRows`
/// (the projectors' rules, in Swift), each row handed once to a `FoldedRowSink`: the rows of
/// one event each as their batch ends (`ReadModelRows.eventTables`), the rows events merge
/// into (a run, a session) at the end. The statement path wrote a run's row once per event
/// of the run, by upsert.
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

    /// Folds the events below `head` into `sink`, `rebuildBatchSize` at a time;
    /// `interruption` is called after each event, as the statement path calls it. Returns the
    /// position of the last event folded (-1 for none).
    static func fold(
        _ reader: LogReader, until head: UInt64, prices: PriceTable, into sink: some FoldedRowSink,
        options: ProjectionOptions, progress: ((ProjectionProgress) -> Void)?, start: Date
    ) throws -> Int64 {
        var rows = ReadModelRows(prices: prices)
        /// Runs with rows written: a deletion of another run has nothing to delete in the sink.
        var writtenRuns = Set<String>()
        /// Calls with a result written unnamed: naming results in the sink (one statement per
        /// call) can change only theirs, so a batch names only those among the calls it touches.
        var unnamed = Set<TraceStepsProjector.ToolCall>()
        let batches = DecodedBatches(reader, until: head, batchSize: options.rebuildBatchSize)
        defer { batches.stop() }
        var batch = 0
        while let events = try batches.next(), let last = events.last {
            for (index, event) in events.enumerated() {
                rows.apply(event)
                try options.interruption?(batch, index)
            }
            rows.finishBatch()
            unnamed.formUnion(rows.unnamedResultCalls())
            let naming = TraceStepsProjector.toolCalls(touchedBy: events).intersection(unnamed)
            let eventRows = rows.takeEventRows().filter { sink.tables.contains($0.key) && !$0.value.isEmpty }
            try sink.write(deletions: deletions(in: events, writtenRuns: writtenRuns), rows: eventRows, naming: naming)
            for event in events { writtenRuns.insert(event.traceID) }
            batch += 1
            let next = UInt64(last.position) + 1
            progress?(ProjectionProgress(events: Int(next), position: next, head: head, seconds: Date().timeIntervalSince(start)))
        }
        var merged: [String: [[SQLValue]]] = [:]
        for table in ReadModelRows.tables where sink.tables.contains(table) && !ReadModelRows.eventTables.contains(table) {
            merged[table] = rows.rows(of: table)
        }
        try sink.finish(rows: merged, position: rows.position)
        return rows.position
    }

    /// What the batch's deletions and removals do to rows that earlier batches wrote.
    private static func deletions(in events: [ProjectedEvent], writtenRuns: Set<String>) -> [FoldedDeletion] {
        events.compactMap { event in
            switch event.type {
            case EventType.runDeleted where writtenRuns.contains(event.traceID): .run(event.traceID)
            case EventType.messageRemoved: ReadModelRows.removalTarget(of: event).map(FoldedDeletion.message)
            default: nil
            }
        }
    }
}
