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
        let wanted = spans(of: positions)
        var events: [RecordedEvent] = []
        events.reserveCapacity(wanted.count)
        for group in Self.readGroups(wanted.map(\.span)) {
            let start = wanted[group.lowerBound].span.offset
            let end = wanted[group.upperBound].span.offset + wanted[group.upperBound].span.length
            let bytes = try file.readExactly(count: end - start, at: start, what: "records")
            try bytes.withBytes { (raw) throws(LogbookError) in
                for (position, span) in wanted[group] {
                    guard let event = RecordCodec.decode(in: raw, at: span.offset - start, position: position) else {
                        throw .corruption("record \(position) does not parse", path: file.path, offset: span.offset)
                    }
                    events.append(event)
                }
            }
        }
        return events
    }

    /// The indexed positions among `positions` (sorted), each once, with where its record lies.
    private func spans(of positions: [UInt64]) -> [(position: UInt64, span: ActiveSegmentIndex.RecordSpan)] {
        index.withLock { index in
            var wanted: [(position: UInt64, span: ActiveSegmentIndex.RecordSpan)] = []
            wanted.reserveCapacity(positions.count)
            for position in positions where wanted.last?.position != position {
                if let span = index.span(of: position) { wanted.append((position, span)) }
            }
            return wanted
        }
    }

    /// The runs of `spans` (in file order) that one `pread` each reads: a record joins the run
    /// before it when it starts at most `gapReadThrough` bytes past that run's end.
    private static func readGroups(_ spans: [ActiveSegmentIndex.RecordSpan]) -> [ClosedRange<Int>] {
        var groups: [ClosedRange<Int>] = []
        var first = 0
        for index in spans.indices.dropFirst() {
            let end = spans[index - 1].offset + spans[index - 1].length
            if spans[index].offset < end || spans[index].offset - end > gapReadThrough {
                groups.append(first...(index - 1))
                first = index
            }
        }
        if !spans.isEmpty { groups.append(first...(spans.count - 1)) }
        return groups
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
