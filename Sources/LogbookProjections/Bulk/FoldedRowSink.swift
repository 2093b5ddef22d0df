/// Where a rebuild's fold (`BulkFold`) writes the rows it folded: a SQLite shadow
/// (`SQLiteFoldSink`), or PostgreSQL by `COPY`.
///
/// The fold hands over each batch's rows of one event each (`ReadModelRows.eventTables`)
/// as the batch ends, and the rows events merge into (a run, a session) once, at the end. A
/// sink writes only the tables it was asked for.
public protocol FoldedRowSink {
    /// The tables it writes; the fold hands it no other.
    var tables: Set<String> { get }

    /// One batch: first what it does to rows that earlier batches wrote (`deletions`), then
    /// its event rows by table (trace steps unnumbered), then naming the unnamed results of
    /// `naming` over every step written so far, as the projector does after each batch for
    /// the calls the batch touched.
    func write(deletions: [FoldedDeletion], rows: [String: [[SQLValue]]], naming: Set<TraceStepsProjector.ToolCall>) throws

    /// The end: the merged tables' rows by table, the trace steps numbered, and every
    /// checkpoint set to `position`.
    func finish(rows: [String: [[SQLValue]]], position: Int64) throws
}

/// What a batch's event does to rows of one event each that earlier batches wrote (the fold
/// already dropped those it still holds).
public enum FoldedDeletion: Sendable, Equatable {
    /// A run deleted: its rows of every event table but `messages` (a run's are in
    /// `trace_steps` by `trace_id`, elsewhere by `run_id`).
    case run(String)
    /// A message removed: its row in `messages`, by event id.
    case message(String)

    /// The statement that applies it to `table`, with `?` for its one argument, and that
    /// argument; nil when it leaves `table` alone.
    public func statement(for table: String) -> (sql: String, argument: String)? {
        switch self {
        case .run(let run):
            guard ReadModelRows.eventTables.contains(table), table != ReadModelRows.Message.table else { return nil }
            let column = table == ReadModelRows.TraceStep.table ? "trace_id" : "run_id"
            return ("DELETE FROM \(table) WHERE \(column) = ?", run)
        case .message(let event):
            guard table == ReadModelRows.Message.table else { return nil }
            return ("DELETE FROM messages WHERE event_id = ?", event)
        }
    }
}
