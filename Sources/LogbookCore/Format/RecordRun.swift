/// Consecutive records in memory — a batch body of an active segment, or a decompressed
/// block of a sealed one — the first at position `first`. Both kinds of segment read
/// their events through it.
struct RecordRun {
    let bytes: [UInt8]
    let first: UInt64
    let count: Int
    /// Where the run sits on disk, for messages about damage.
    let path: String
    let offset: Int

    var end: UInt64 { first + UInt64(count) }

    /// Calls `body` with each record whose position is in `range`, until it returns false.
    func forEach(in range: Range<UInt64>, _ body: (RecordedEvent) throws(LogbookError) -> Bool) throws(LogbookError) -> Bool {
        try walk { (position, bytes, offset) throws(LogbookError) -> Bool in
            guard position < range.upperBound else { return false }
            guard position >= range.lowerBound else { return true }
            return try body(decode(bytes, at: offset, position: position))
        }
    }

    /// Moves the positions of `wanted` (sorted) that this run holds into `events`.
    func collect(_ wanted: inout ArraySlice<UInt64>, into events: inout [RecordedEvent]) throws(LogbookError) {
        _ = try walk { (position, bytes, offset) throws(LogbookError) -> Bool in
            // A position asked for twice was served already; never wait for it again.
            while let next = wanted.first, next < position { wanted.removeFirst() }
            guard let next = wanted.first, next < end else { return false }
            if position == next {
                events.append(try decode(bytes, at: offset, position: position))
                wanted.removeFirst()
            }
            return true
        }
    }

    /// Visits each record's position and offset until `visit` returns false; false when it did.
    private func walk(_ visit: (UInt64, UnsafeRawBufferPointer, Int) throws(LogbookError) -> Bool) throws(LogbookError) -> Bool {
        try bytes.withBytes { (raw) throws(LogbookError) -> Bool in
            var offset = 0
            for index in 0..<count {
                let position = first + UInt64(index)
                // Only the length, to step over the records not asked for: those visited are
                // decoded whole, and checked then.
                guard let size = RecordCodec.encodedSize(in: raw, at: offset) else {
                    throw .corruption("record \(position) does not parse", path: path, offset: self.offset)
                }
                if try !visit(position, raw, offset) { return false }
                offset += size
            }
            return true
        }
    }

    private func decode(_ raw: UnsafeRawBufferPointer, at offset: Int, position: UInt64) throws(LogbookError) -> RecordedEvent {
        guard let event = RecordCodec.decode(in: raw, at: offset, position: position) else {
            throw .corruption("record \(position) does not parse", path: path, offset: self.offset)
        }
        return event
    }
}
