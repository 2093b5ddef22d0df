import LogbookCore
import LogbookIngest

extension LogbookStore {
    /// Appends the events of a JSONL file (or standard input, `-`) in batches of `batchSize`,
    /// each all-or-nothing, with up to `pipeline` batches in flight; stops at the first bad
    /// line or refused batch and says so in the outcome. `progress` gets the events
    /// acknowledged and the bytes read so far.
    public func ingest(
        file: String, maxLineBytes: Int? = nil, batchSize: Int = 1000, pipeline: Int = 4,
        progress: (_ appended: Int, _ bytes: Int) -> Void = { _, _ in }
    ) throws -> JSONLIngest.Outcome {
        let log = try writableLog()
        let lineLimit = maxLineBytes ?? log.options.maxPayloadBytes + (64 << 10)
        let reader = try LineReader(path: file, maxLineBytes: lineLimit)
        return try JSONLIngest(batchSize: batchSize, pipeline: pipeline).run(reader, into: log, progress: progress)
    }
}
