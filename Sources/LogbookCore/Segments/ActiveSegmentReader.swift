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

    /// Records closer together than this are read with one `pread`, the bytes between them
    /// included: a system call costs more than copying a kilobyte.
    static let gapReadThrough = 1024

    /// The events at `positions` (sorted; those not indexed are left out). Each record is read
    /// alone, or with its neighbours when they lie close (`gapReadThrough`), never the whole
    /// batch around it: a batch of an ingest holds a thousand events. The batches' checksums
    /// were checked when the index took them in.
    func events(at positions: [UInt64]) throws(LogbookError) -> [RecordedEvent] {
        let wanted: [(position: UInt64, span: ActiveSegmentIndex.RecordSpan)] = index.withLock { index in
            var wanted: [(UInt64, ActiveSegmentIndex.RecordSpan)] = []
            wanted.reserveCapacity(positions.count)
            for position in positions where wanted.last?.0 != position {
                if let span = index.span(of: position) { wanted.append((position, span)) }
            }
            return wanted
        }
        var events: [RecordedEvent] = []
        events.reserveCapacity(wanted.count)
        var first = 0
        while first < wanted.count {
            let start = wanted[first].span.offset
            var end = start + wanted[first].span.length
            var last = first
            while last + 1 < wanted.count, wanted[last + 1].span.offset >= end,
                  wanted[last + 1].span.offset - end <= Self.gapReadThrough {
                last += 1
                end = wanted[last].span.offset + wanted[last].span.length
            }
            let bytes = try file.readExactly(count: end - start, at: start, what: "records")
            try bytes.withBytes { (raw) throws(LogbookError) in
                for (position, span) in wanted[first...last] {
                    guard let event = RecordCodec.decode(in: raw, at: span.offset - start, position: position) else {
                        throw .corruption("record \(position) does not parse", path: file.path, offset: span.offset)
                    }
                    events.append(event)
                }
            }
            first = last + 1
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
