/// What is known of an active segment, built by scanning its batch frames: where each batch
/// starts, and which positions belong to each session, trace and event type. Readers keep
/// one per active segment and extend it as the writer appends; the sealer builds one to
/// write the sealed footer.
struct ActiveSegmentIndex {
    struct Batch {
        var basePosition: UInt64
        var offset: Int
        var count: Int
        var bodyLength: Int
    }

    /// Where one record lies in the segment file, so that a point read reads it alone.
    struct RecordSpan {
        var offset: Int
        var length: Int
    }

    /// Why a scan stopped before the end of the file.
    enum Stop: Equatable {
        /// Everything up to the end of the file (or the durable limit) was read.
        case complete
        /// The bytes from `offset` on are not a valid batch.
        case invalid(offset: Int, reason: String)
    }

    let basePosition: UInt64
    private(set) var batches: [Batch] = []
    /// File offset just past the last good batch.
    private(set) var scannedEnd = SegmentHeader.size
    private(set) var nextPosition: UInt64
    private(set) var minTimestampMs = Int64.max
    private(set) var maxTimestampMs = Int64.min
    /// The newest store clock reading in the segment, so a restarted writer never records an
    /// earlier one.
    private(set) var maxRecordedAtMs: Int64 = 0
    private(set) var sessions: [LogUUID: [UInt64]] = [:]
    private(set) var traces: [LogUUID: [UInt64]] = [:]
    private(set) var types: [String: [UInt64]] = [:]
    /// Only the sealer asks for ids; readers leave them out to save memory.
    private(set) var ids: [LogUUID: UInt64] = [:]
    /// Each scanned record's place in the file, by position (16 bytes an event).
    private(set) var spans: [RecordSpan] = []
    private let tracksIDs: Bool

    init(basePosition: UInt64, tracksIDs: Bool = false) {
        self.basePosition = basePosition
        self.nextPosition = basePosition
        self.tracksIDs = tracksIDs
    }

    var eventCount: Int { Int(nextPosition - basePosition) }

    /// Reads frames from where the last scan stopped. Frames that would cross `limit`
    /// (the first position not yet durable) are left for a later scan. Checksums are
    /// verified for frames at or past `verifyFrom`: recovery trusts the prefix a
    /// checkpoint vouched for.
    mutating func scan(_ file: LogFile, limit: UInt64 = .max, verifyFrom: Int = 0) throws(LogbookError) -> Stop {
        let fileSize = try file.size()
        // Frames are read through a window of at least a megabyte, refilled when one runs past it.
        var window: [UInt8] = []
        var windowStart = scannedEnd
        func bytes(_ count: Int) throws(LogbookError) -> ArraySlice<UInt8>? {
            let from = scannedEnd - windowStart
            if from + count > window.count {
                window = try file.read(count: min(max(count, 1 << 20), fileSize - scannedEnd), at: scannedEnd)
                windowStart = scannedEnd
                guard window.count >= count else { return nil }
                return window[0..<count]
            }
            return window[from..<(from + count)]
        }
        while scannedEnd < fileSize, nextPosition < limit {
            guard let header = try bytes(BatchFrame.headerSize) else {
                return .invalid(offset: scannedEnd, reason: "a partial batch header")
            }
            guard let frame = header.withUnsafeBytes({ BatchFrame.parseHeader($0) }) else {
                return .invalid(offset: scannedEnd, reason: "no valid batch header")
            }
            guard frame.basePosition == nextPosition else {
                return .invalid(offset: scannedEnd, reason: "batch starts at position \(frame.basePosition), expected \(nextPosition)")
            }
            if frame.basePosition + UInt64(frame.count) > limit { return .complete }
            guard scannedEnd + frame.totalSize <= fileSize, let whole = try bytes(frame.totalSize) else {
                return .invalid(offset: scannedEnd, reason: "batch of \(frame.totalSize) bytes runs past the end of the file")
            }
            let verify = scannedEnd >= verifyFrom
            let problem: String? = whole.withUnsafeBytes { raw in
                if verify, !frame.checksumMatches(raw) { return "batch checksum mismatch" }
                let body = UnsafeRawBufferPointer(rebasing: raw[BatchFrame.headerSize..<frame.totalSize])
                return indexRecords(body, frame: frame, fileOffset: scannedEnd + BatchFrame.headerSize) ? nil : "batch records do not parse"
            }
            if let problem { return .invalid(offset: scannedEnd, reason: problem) }
            batches.append(Batch(basePosition: frame.basePosition, offset: scannedEnd, count: frame.count, bodyLength: frame.bodyLength))
            nextPosition += UInt64(frame.count)
            scannedEnd += frame.totalSize
        }
        return .complete
    }

    /// The offset of the first frame after `offset` that is whole and passes its checksum,
    /// if any. Recovery asks this before cutting: an invalid batch followed by valid ones is
    /// damage in the middle of the segment, not a torn tail, and cutting there would drop
    /// acknowledged events.
    static func validFrame(in file: LogFile, after offset: Int) throws(LogbookError) -> Int? {
        try validFrames(in: file, after: offset).first
    }

    /// The offsets of the complete batch frames after the invalid bytes at `offset`, each
    /// found by its header and checksum, in one read of the tail.
    static func validFrames(in file: LogFile, after offset: Int) throws(LogbookError) -> [Int] {
        let size = try file.size()
        guard offset + 1 < size else { return [] }
        let tail = try file.read(count: size - offset - 1, at: offset + 1)
        return tail.withUnsafeBytes { bytes -> [Int] in
            var found: [Int] = []
            var candidate = 0
            while candidate + BatchFrame.headerSize <= bytes.count {
                let rest = UnsafeRawBufferPointer(rebasing: bytes[candidate...])
                if let frame = BatchFrame.parseHeader(rest), frame.totalSize <= rest.count, frame.checksumMatches(rest) {
                    found.append(offset + 1 + candidate)
                    candidate += frame.totalSize
                } else {
                    candidate += 1
                }
            }
            return found
        }
    }

    /// Where the record at `position` lies in the file; nil when it is not indexed.
    func span(of position: UInt64) -> RecordSpan? {
        guard position >= basePosition, position - basePosition < UInt64(spans.count) else { return nil }
        return spans[Int(position - basePosition)]
    }

    /// The batch holding `position`, by binary search.
    func batch(containing position: UInt64) -> Batch? {
        var low = 0
        var high = batches.count
        while low < high {
            let mid = (low + high) / 2
            let batch = batches[mid]
            if position < batch.basePosition {
                high = mid
            } else if position >= batch.basePosition + UInt64(batch.count) {
                low = mid + 1
            } else {
                return batch
            }
        }
        return nil
    }

    /// Indexes the `count` records of a decompressed sealed block that starts at the next
    /// position: how a sealed segment's footer is rebuilt from its blocks.
    mutating func addBlock(_ records: UnsafeRawBufferPointer, count: Int) -> Bool {
        let frame = BatchFrame(bodyLength: records.count, crc: 0, count: count, basePosition: nextPosition, minTimestampMs: .max, maxTimestampMs: .min)
        guard indexRecords(records, frame: frame, fileOffset: nil) else { return false }
        nextPosition += UInt64(count)
        return true
    }

    /// Indexes a batch's records; with `fileOffset` (where the body starts in the file), their spans too.
    private mutating func indexRecords(_ body: UnsafeRawBufferPointer, frame: BatchFrame, fileOffset: Int?) -> Bool {
        var offset = 0
        var position = frame.basePosition
        for _ in 0..<frame.count {
            guard let header = RecordCodec.header(in: body, at: offset) else { return false }
            minTimestampMs = min(minTimestampMs, header.timestampMs)
            maxTimestampMs = max(maxTimestampMs, header.timestampMs)
            maxRecordedAtMs = max(maxRecordedAtMs, header.recordedAtMs)
            if let session = header.sessionID { sessions[session, default: []].append(position) }
            traces[header.traceID, default: []].append(position)
            types[String(decoding: header.eventType, as: UTF8.self), default: []].append(position)
            if tracksIDs { ids[header.id] = position }
            if let fileOffset { spans.append(RecordSpan(offset: fileOffset + offset, length: header.encodedSize)) }
            offset += header.encodedSize
            position += 1
        }
        return offset == body.count
    }
}
