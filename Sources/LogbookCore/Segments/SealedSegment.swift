#if canImport(Glibc)
import Glibc
#endif

/// Reads a sealed segment through its footer: opening costs one read of the trailer and
/// one of the block index; sessions, traces and ids are found by binary search on disk,
/// and only the blocks that hold wanted positions are read and decompressed.
final class SealedSegment: Sendable {
    let file: LogFile
    let trailer: SealedTrailer
    let blocks: [BlockEntry]
    /// Loaded on the first id lookup: most segments are never asked.
    private let bloom = Locked<BloomFilter?>(nil)

    var basePosition: UInt64 { trailer.basePosition }
    var endPosition: UInt64 { trailer.basePosition + UInt64(trailer.eventCount) }
    var path: String { file.path }

    init(path: String, io: SystemIO) throws(LogbookError) {
        file = try LogFile(path: path, flags: O_RDONLY, io: io)
        let size = try file.size()
        guard size >= SegmentHeader.size + SealedTrailer.size else {
            throw .corruption("sealed segment is too short to hold its trailer", path: path, offset: 0)
        }
        let trailerBytes = try file.readExactly(count: SealedTrailer.size, at: size - SealedTrailer.size, what: "trailer")
        guard let trailer = trailerBytes.withUnsafeBytes({ SealedTrailer.parse($0) }) else {
            throw .corruption("sealed segment trailer is damaged", path: path, offset: size - SealedTrailer.size)
        }
        self.trailer = trailer
        let location = trailer[.blocks]
        let blockBytes = try file.readExactly(count: location.length, at: location.offset, what: "block index")
        guard CRC32C.checksum(blockBytes) == location.crc, location.length % BlockEntry.size == 0 else {
            throw .corruption("block index fails its checksum", path: path, offset: location.offset)
        }
        blocks = blockBytes.withUnsafeBytes { raw in
            (0..<(location.length / BlockEntry.size)).map { BlockEntry.decode(raw, at: $0 * BlockEntry.size) }
        }
    }

    /// The records of one block, decompressed and checked.
    func blockRecords(_ block: BlockEntry) throws(LogbookError) -> [UInt8] {
        try SealedBlockReader(file: file).records(block)
    }

    /// Calls `body` with each event in `range`, in order, until it returns false. While
    /// `body` goes through one block, the next is read and decompressed on another thread.
    func forEachEvent(in range: Range<UInt64>, _ body: (RecordedEvent) throws(LogbookError) -> Bool) throws(LogbookError) -> Bool {
        let wanted = blocks.filter { $0.firstPosition + UInt64($0.count) > range.lowerBound && $0.firstPosition < range.upperBound }
        var ahead: PrefetchedBlock?
        for (index, block) in wanted.enumerated() {
            let records: [UInt8]
            if let ahead { records = try ahead.wait() } else { records = try blockRecords(block) }
            ahead = index + 1 < wanted.count ? PrefetchedBlock(wanted[index + 1], of: self) : nil
            let run = RecordRun(bytes: records, first: block.firstPosition, count: block.count, path: path, offset: block.offset)
            if try !run.forEach(in: range, body) {
                // The block read ahead is not wanted; its read ends before the scan returns.
                _ = try? ahead?.wait()
                return false
            }
        }
        return true
    }

    /// Reads the events at `positions` (sorted), decompressing only the blocks that hold them.
    func events(at positions: [UInt64]) throws(LogbookError) -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        events.reserveCapacity(positions.count)
        var wanted = positions[...]
        var blockIndex = 0
        while let position = wanted.first {
            while blockIndex < blocks.count, blocks[blockIndex].firstPosition + UInt64(blocks[blockIndex].count) <= position {
                blockIndex += 1
            }
            guard blockIndex < blocks.count, blocks[blockIndex].firstPosition <= position else {
                throw .corruption("position \(position) is not in any block", path: path, offset: trailer[.blocks].offset)
            }
            let block = blocks[blockIndex]
            let end = block.firstPosition + UInt64(block.count)
            let last = wanted.prefix { $0 < end }.last ?? position
            try run(block, through: Int(last - block.firstPosition)).collect(&wanted, into: &events)
        }
        return events
    }

    /// The records of `block` from its first through record `index`: only as much of the
    /// block is decompressed as they need (`SealedBlockReader.records(_:through:)`).
    private func run(_ block: BlockEntry, through index: Int) throws(LogbookError) -> RecordRun {
        let records = try SealedBlockReader(file: file).records(block, through: index)
        return RecordRun(bytes: records, first: block.firstPosition, count: index + 1, path: path, offset: block.offset)
    }

    /// The session (or trace) index entry of `key`, by binary search in the footer.
    func streamEntry(_ key: LogUUID, section: SealedTrailer.Section) throws(LogbookError) -> StreamEntry? {
        let location = trailer[section]
        var low = 0
        var high = location.length / StreamEntry.size
        while low < high {
            let mid = (low + high) / 2
            let bytes = try file.readExactly(count: StreamEntry.size, at: location.offset + mid * StreamEntry.size, what: "index entry")
            let entry = bytes.withUnsafeBytes { StreamEntry.decode($0, at: 0) }
            if entry.key == key { return entry }
            if entry.key < key { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// All entries of the session or trace index, in key order.
    func streamEntries(_ section: SealedTrailer.Section) throws(LogbookError) -> [StreamEntry] {
        let bytes = try checkedSection(section)
        return bytes.withUnsafeBytes { raw in
            (0..<(bytes.count / StreamEntry.size)).map { StreamEntry.decode(raw, at: $0 * StreamEntry.size) }
        }
    }

    /// The absolute positions an index entry points to.
    func positions(of entry: StreamEntry, in section: SealedTrailer.Section) throws(LogbookError) -> [UInt64] {
        let location = trailer[section]
        let bytes = try file.readExactly(count: entry.count * 4, at: location.offset + entry.firstIndex * 4, what: "index positions")
        return bytes.withUnsafeBytes { raw in
            (0..<entry.count).map { basePosition + UInt64(raw.loadLE(at: $0 * 4, as: UInt32.self)) }
        }
    }

    /// The positions of each event type in this segment.
    func typePositions() throws(LogbookError) -> [String: [UInt64]] {
        let bytes = try checkedSection(.types)
        let parsed: [String: [UInt64]]? = bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            guard let typeCount: UInt32 = reader.read() else { return nil }
            var result: [String: [UInt64]] = [:]
            for _ in 0..<typeCount {
                guard let length: UInt16 = reader.read(), let name = reader.readBytes(Int(length)),
                      let count: UInt32 = reader.read(), let list = reader.readBytes(Int(count) * 4)
                else { return nil }
                result[String(decoding: name, as: UTF8.self)] = (0..<Int(count)).map { basePosition + UInt64(list.loadLE(at: $0 * 4, as: UInt32.self)) }
            }
            return reader.remaining == 0 ? result : nil
        }
        guard let parsed else { throw .corruption("type index does not parse", path: path, offset: trailer[.types].offset) }
        return parsed
    }

    /// The position of the event with `id`, when this segment holds it.
    func position(ofID id: LogUUID) throws(LogbookError) -> UInt64? {
        guard try idFilter().mayContain(id) else { return nil }
        return try searchID(id)
    }

    /// The Bloom filter of the segment's ids, read and checked on first use.
    func idFilter() throws(LogbookError) -> BloomFilter {
        try bloom.withLock { (cached) throws(LogbookError) -> BloomFilter in
            if let cached { return cached }
            let bytes = try checkedSection(.bloom)
            guard let loaded = bytes.withUnsafeBytes({ BloomFilter(encoded: $0) }) else {
                throw .corruption("id filter does not parse", path: path, offset: trailer[.bloom].offset)
            }
            cached = loaded
            return loaded
        }
    }

    /// The binary search of `position(ofID:)`, past the filter.
    func searchID(_ id: LogUUID) throws(LogbookError) -> UInt64? {
        let location = trailer[.ids]
        let entrySize = 20
        var low = 0
        var high = location.length / entrySize
        while low < high {
            let mid = (low + high) / 2
            let bytes = try file.readExactly(count: entrySize, at: location.offset + mid * entrySize, what: "id index entry")
            let (key, relative) = bytes.withUnsafeBytes { raw in
                (LogUUID(high: raw.loadLE(at: 0, as: UInt64.self), low: raw.loadLE(at: 8, as: UInt64.self)), raw.loadLE(at: 16, as: UInt32.self))
            }
            if key == id { return basePosition + UInt64(relative) }
            if key < id { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// Reads the id section in id order, for merging into the id index.
    func idReader() -> SortedIDReader {
        let location = trailer[.ids]
        return SortedIDReader(file: file, offset: location.offset, count: location.length / 20, entrySize: 20, base: basePosition)
    }

    /// A footer section, checked against the checksum the trailer holds for it.
    func checkedSection(_ section: SealedTrailer.Section) throws(LogbookError) -> [UInt8] {
        let location = trailer[section]
        let bytes = try file.readExactly(count: location.length, at: location.offset, what: "footer section")
        guard CRC32C.checksum(bytes) == location.crc else {
            throw .corruption("footer section '\(section)' fails its checksum", path: path, offset: location.offset)
        }
        return bytes
    }
}
