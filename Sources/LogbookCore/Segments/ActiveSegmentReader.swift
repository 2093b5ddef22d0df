#if canImport(Glibc)
import Glibc
#endif

/// Reads an active (not yet sealed) segment by its batch frames, extending its index as the
/// writer appends. After the segment is sealed, the open descriptor still reads the old
/// file, so a read in flight is never torn by the rename.
final class ActiveSegmentReader: Sendable {
    let file: LogFile
    let basePosition: UInt64
    private let index: Locked<ActiveSegmentIndex>

    init(file: LogFile, basePosition: UInt64) {
        self.file = file
        self.basePosition = basePosition
        index = Locked(ActiveSegmentIndex(basePosition: basePosition))
    }

    /// Indexes new batches up to `limit` and returns the first position not yet indexed.
    /// A finite `limit` is a head the writer published: every event below it is durable, so
    /// a batch there that does not read back whole is damage, reported, never the end of the
    /// log. Without one (no writer runs), the scan stops at the first batch that is not whole,
    /// as at a tail torn by a crash that recovery has not cut yet.
    @discardableResult
    func extend(limit: UInt64) throws(LogbookError) -> UInt64 {
        try index.withLock { (index) throws(LogbookError) -> UInt64 in
            if case .invalid(let offset, let reason) = try index.scan(file, limit: limit), limit != .max {
                throw .corruption("\(reason), below the head \(limit) the writer published", path: file.path, offset: offset)
            }
            return index.nextPosition
        }
    }

    var endPosition: UInt64 { index.withLock { $0.nextPosition } }

    func positions(session: LogUUID) -> [UInt64] { index.withLock { $0.sessions[session] ?? [] } }
    func positions(trace: LogUUID) -> [UInt64] { index.withLock { $0.traces[trace] ?? [] } }
    func positions(type: String) -> [UInt64] { index.withLock { $0.types[type] ?? [] } }
    var sessionKeys: [LogUUID] { index.withLock { Array($0.sessions.keys) } }
    var traceKeys: [LogUUID] { index.withLock { Array($0.traces.keys) } }
    var timestampRange: ClosedRange<Int64>? {
        index.withLock { $0.eventCount > 0 ? $0.minTimestampMs...$0.maxTimestampMs : nil }
    }

    /// Calls `body` with each indexed event in `range`, in order, until it returns false.
    func forEachEvent(in range: Range<UInt64>, _ body: (RecordedEvent) throws(LogbookError) -> Bool) throws(LogbookError) -> Bool {
        for batch in batches(overlapping: range) {
            if try !run(batch).forEach(in: range, body) { return false }
        }
        return true
    }

    /// The events at `positions` (sorted).
    func events(at positions: [UInt64]) throws(LogbookError) -> [RecordedEvent] {
        guard let first = positions.first, let last = positions.last else { return [] }
        var wanted = positions[...]
        var events: [RecordedEvent] = []
        for batch in batches(overlapping: first..<(last + 1)) {
            guard let next = wanted.first, next < batch.basePosition + UInt64(batch.count) else { continue }
            try run(batch).collect(&wanted, into: &events)
        }
        return events
    }

    private func batches(overlapping range: Range<UInt64>) -> [ActiveSegmentIndex.Batch] {
        index.withLock { index in
            index.batches.filter { $0.basePosition < range.upperBound && $0.basePosition + UInt64($0.count) > range.lowerBound }
        }
    }

    private func run(_ batch: ActiveSegmentIndex.Batch) throws(LogbookError) -> RecordRun {
        let body = try file.readExactly(count: batch.bodyLength, at: batch.offset + BatchFrame.headerSize, what: "batch")
        return RecordRun(bytes: body, first: batch.basePosition, count: batch.count, path: file.path, offset: batch.offset)
    }
}
