#if canImport(Glibc)
import Glibc
#endif

/// A sorted run of (event id, position) pairs over a contiguous range of sealed segments,
/// with one Bloom filter: the unit of the log-wide id index (`IDIndex`). Derived data,
/// written once (temp file, fsync, rename) and rebuilt from the sealed footers if lost.
///
///     8 magic "LBIDRUN1"  u32 version  u32 level  u64 first segment base  u64 end position
///     u64 entry count  u32 filter bytes  u32 crc32c of the filter  u32 crc32c of the entries
///     u32 crc32c of the header so far
///     entries sorted by id: 16 id, u64 position;  then the Bloom filter
final class IDRun: Sendable {
    static let headerSize = 56
    static let entrySize = 24
    private static let magic = Array("LBIDRUN1".utf8)

    let file: LogFile
    let level: Int
    /// The run covers the events at positions `firstBase..<endPosition`.
    let firstBase: UInt64
    let endPosition: UInt64
    let count: Int
    /// Read on the first lookup, so opening a log does not read every run's filter; in
    /// memory while the index's budget allows, else probed on disk.
    private let filter: RunFilter

    var path: String { file.path }

    static func fileName(level: Int, firstBase: UInt64, endPosition: UInt64) -> String {
        "ids-\(level)-\(SegmentName.digits(firstBase))-\(SegmentName.digits(endPosition)).run"
    }

    /// Level, first segment base and end position, from a run's file name.
    static func parse(name: String) -> (level: Int, firstBase: UInt64, endPosition: UInt64)? {
        guard name.hasPrefix("ids-"), name.hasSuffix(".run") else { return nil }
        let parts = name.dropFirst(4).dropLast(4).split(separator: "-")
        guard parts.count == 3, let level = Int(parts[0]), let first = UInt64(parts[1]), let end = UInt64(parts[2]) else { return nil }
        return (level, first, end)
    }

    init(path: String, memory: FilterMemory, io: SystemIO) throws(LogbookError) {
        file = try LogFile(path: path, flags: O_RDONLY, io: io)
        let header = try file.readExactly(count: Self.headerSize, at: 0, what: "id run header")
        let size = try file.size()
        let parsed: (Int, UInt64, UInt64, Int, Int, UInt32)? = header.withUnsafeBytes { bytes in
            guard bytes.prefix(8).elementsEqual(Self.magic),
                  CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<52])) == bytes.loadLE(at: 52, as: UInt32.self)
            else { return nil }
            return (
                Int(bytes.loadLE(at: 12, as: UInt32.self)), bytes.loadLE(at: 16, as: UInt64.self), bytes.loadLE(at: 24, as: UInt64.self),
                Int(bytes.loadLE(at: 32, as: UInt64.self)), Int(bytes.loadLE(at: 40, as: UInt32.self)), bytes.loadLE(at: 44, as: UInt32.self)
            )
        }
        guard let (level, firstBase, endPosition, count, filterBytes, filterCRC) = parsed,
              size == Self.headerSize + count * Self.entrySize + filterBytes
        else { throw .corruption("id run header does not match its size", path: path, offset: 0) }
        self.level = level
        self.firstBase = firstBase
        self.endPosition = endPosition
        self.count = count
        filter = RunFilter(file: file, offset: Self.headerSize + count * Self.entrySize, byteCount: filterBytes, crc: filterCRC, memory: memory)
    }

    /// The position of `id`, when the run holds it: the filter, then a binary search on disk.
    func position(of id: LogUUID) throws(LogbookError) -> UInt64? {
        guard try filter.mayContain(id) else { return nil }
        return try search(id)
    }

    /// The filter when it is held in memory, to probe without a lock (`SealedIDs`).
    func memoryFilter() throws(LogbookError) -> BloomFilter? {
        try filter.inMemory()
    }

    /// The binary search of `position(of:)`, past the filter.
    func search(_ id: LogUUID) throws(LogbookError) -> UInt64? {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            let entry = try file.readExactly(count: Self.entrySize, at: Self.headerSize + mid * Self.entrySize, what: "id run entry")
            let (key, position) = entry.withUnsafeBytes { raw in
                (LogUUID(high: raw.loadLE(at: 0, as: UInt64.self), low: raw.loadLE(at: 8, as: UInt64.self)), raw.loadLE(at: 16, as: UInt64.self))
            }
            if key == id { return position }
            if key < id { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// Reads the entries in id order, a chunk at a time.
    func reader() -> SortedIDReader {
        SortedIDReader(file: file, offset: Self.headerSize, count: count, entrySize: Self.entrySize, base: nil)
    }

    /// Merges `sources` (each sorted by id) into a new run of `level` covering
    /// `firstBase..<endPosition`, written beside the others and made durable.
    static func write(
        merging sources: [SortedIDReader], level: Int, firstBase: UInt64, endPosition: UInt64, directory: String, memory: FilterMemory, io: SystemIO
    ) throws(LogbookError) -> IDRun {
        var readers = sources
        let total = readers.reduce(0) { $0 + $1.count }
        let path = joinPath(directory, fileName(level: level, firstBase: firstBase, endPosition: endPosition))
        let temporaryPath = path + ".tmp"
        try io.unlink(temporaryPath)
        let output = try LogFile(path: temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC, io: io)
        var bloom = BloomFilter(expectedKeys: total)
        var writer = ByteWriter(capacity: 1 << 16)
        var offset = headerSize
        var entriesCRC: UInt32 = 0
        var written = 0
        func flush() throws(LogbookError) {
            entriesCRC = CRC32C.checksum(writer.bytes, extending: entriesCRC)
            try output.write(writer.bytes, at: offset)
            offset += writer.count
            writer.bytes.removeAll(keepingCapacity: true)
        }
        var heads: [(id: LogUUID, position: UInt64)?] = []
        for index in readers.indices { heads.append(try readers[index].next()) }
        while true {
            // A handful of sources: a linear scan for the smallest head is cheapest.
            var smallest: Int?
            for (index, head) in heads.enumerated() {
                guard let head else { continue }
                if smallest.map({ head.id < heads[$0]!.id }) ?? true { smallest = index }
            }
            guard let index = smallest, let entry = heads[index] else { break }
            writer.append(entry.id)
            writer.append(entry.position)
            bloom.insert(entry.id)
            written += 1
            if writer.count >= 1 << 16 { try flush() }
            heads[index] = try readers[index].next()
        }
        try flush()
        var filter = ByteWriter(capacity: bloom.words.count * 8)
        bloom.encode(into: &filter)
        try output.write(filter.bytes, at: offset)
        var header = ByteWriter(capacity: headerSize)
        header.append(contentsOf: magic)
        header.append(UInt32(1))
        header.append(UInt32(level))
        header.append(firstBase)
        header.append(endPosition)
        header.append(UInt64(written))
        header.append(UInt32(filter.count))
        header.append(CRC32C.checksum(filter.bytes))
        header.append(entriesCRC)
        header.append(CRC32C.checksum(header.bytes))
        try output.write(header.bytes, at: 0)
        try output.syncAll()
        try io.rename(temporaryPath, to: path)
        try io.syncDirectory(directory)
        return try IDRun(path: path, memory: memory, io: io)
    }
}

/// Reads sorted (id, position) entries from a file section in chunks: a sealed segment's id
/// section (16-byte id, u32 position relative to `base`) or an id run's entries.
struct SortedIDReader {
    let file: LogFile
    let offset: Int
    let count: Int
    let entrySize: Int
    /// For a sealed segment's relative positions: its base position.
    let base: UInt64?
    private var index = 0
    private var chunk: [UInt8] = []
    private var chunkFirst = 0

    init(file: LogFile, offset: Int, count: Int, entrySize: Int, base: UInt64?) {
        self.file = file
        self.offset = offset
        self.count = count
        self.entrySize = entrySize
        self.base = base
    }

    mutating func next() throws(LogbookError) -> (id: LogUUID, position: UInt64)? {
        guard index < count else { return nil }
        if index - chunkFirst >= chunk.count / entrySize {
            let entries = min(4096, count - index)
            chunk = try file.readExactly(count: entries * entrySize, at: offset + index * entrySize, what: "sorted ids")
            chunkFirst = index
        }
        let at = (index - chunkFirst) * entrySize
        index += 1
        return chunk.withUnsafeBytes { raw in
            let id = LogUUID(high: raw.loadLE(at: at, as: UInt64.self), low: raw.loadLE(at: at + 8, as: UInt64.self))
            if let base { return (id, base + UInt64(raw.loadLE(at: at + 16, as: UInt32.self))) }
            return (id, raw.loadLE(at: at + 16, as: UInt64.self))
        }
    }
}
