import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Reads an active (not yet sealed) segment by its batch frames, extending its index as the
/// writer appends. After the segment is sealed, the open descriptor still reads the old
/// file, so a read in flight is never torn by the rename.
final class RawSegmentReader: Sendable {
    let file: LogFile
    let basePosition: UInt64
    private let index: Mutex<RawSegmentIndex>

    init(file: LogFile, basePosition: UInt64) {
        self.file = file
        self.basePosition = basePosition
        index = Mutex(RawSegmentIndex(basePosition: basePosition))
    }

    /// Indexes new batches up to `limit` and returns the first position not yet indexed.
    @discardableResult
    func extend(limit: UInt64) throws(LogbookError) -> UInt64 {
        try index.withLock { (index) throws(LogbookError) -> UInt64 in
            _ = try index.scan(file, limit: limit)
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
        let batches = index.withLock { index in
            index.batches.filter { $0.basePosition < range.upperBound && $0.basePosition + UInt64($0.count) > range.lowerBound }
        }
        for batch in batches {
            let batchBytes = try file.readExactly(count: batch.bodyLength, at: batch.offset + BatchFrame.headerSize, what: "batch")
            let keepGoing = try batchBytes.withBytes { (bytes) throws(LogbookError) -> Bool in
                var offset = 0
                for index in 0..<batch.count {
                    let position = batch.basePosition + UInt64(index)
                    guard let header = RecordCodec.header(in: bytes, at: offset) else {
                        throw .corruption("record \(position) does not parse", path: file.path, offset: batch.offset)
                    }
                    if range.contains(position) {
                        guard let event = RecordCodec.decode(in: bytes, at: offset, position: position) else {
                            throw .corruption("record \(position) does not parse", path: file.path, offset: batch.offset)
                        }
                        if try !body(event) { return false }
                    }
                    offset += header.encodedSize
                }
                return true
            }
            if !keepGoing { return false }
        }
        return true
    }

    /// The events at `positions` (sorted).
    func events(at positions: [UInt64]) throws(LogbookError) -> [RecordedEvent] {
        guard let first = positions.first, let last = positions.last else { return [] }
        var wanted = positions[...]
        var events: [RecordedEvent] = []
        let batches = index.withLock { index in
            index.batches.filter { batch in
                batch.basePosition <= last && batch.basePosition + UInt64(batch.count) > first
            }
        }
        for batch in batches {
            let end = batch.basePosition + UInt64(batch.count)
            guard let next = wanted.first, next < end else { continue }
            let body = try file.readExactly(count: batch.bodyLength, at: batch.offset + BatchFrame.headerSize, what: "batch")
            try body.withBytes { (bytes) throws(LogbookError) in
                var offset = 0
                var position = batch.basePosition
                while let next = wanted.first, next < end {
                    guard let header = RecordCodec.header(in: bytes, at: offset) else {
                        throw .corruption("record \(position) does not parse", path: file.path, offset: batch.offset)
                    }
                    if position == next {
                        guard let event = RecordCodec.decode(in: bytes, at: offset, position: position) else {
                            throw .corruption("record \(position) does not parse", path: file.path, offset: batch.offset)
                        }
                        events.append(event)
                        wanted.removeFirst()
                    }
                    offset += header.encodedSize
                    position += 1
                }
            }
        }
        return events
    }
}
