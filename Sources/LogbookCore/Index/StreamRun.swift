#if canImport(Glibc)
import Glibc
#endif

/// A sorted run of a session (or trace) directory: for each key that the sealed segments
/// `firstBase..<endPosition` hold, its version at `endPosition`, the newest of those segments
/// holding it and the newest segment before them holding it, with one Bloom filter. Derived
/// data, written once (temp file, fsync, rename) and in use only once a `StreamDirectory`
/// manifest lists it.
///
/// A lookup is a filter probe, a binary search over the fence keys in memory (every 64th key:
/// 2 bits per key) and one read of the 64 entries they point to.
///
///     8 magic "LBSTRRUN"  u32 version  u32 level  u64 first segment base  u64 end position
///     u64 entry count  u64 keys new in the run  u32 filter bytes  u32 crc32c of the filter
///     u32 crc32c of the entries  u32 crc32c of the fence keys  u32 reserved
///     u32 crc32c of the header so far
///     entries sorted by key: 16 key, u64 version, u64 newest segment, u64 previous segment;
///     then the Bloom filter; then the fence keys (entries 0, 64, 128, …: 16 bytes each)
final class StreamRun: Sendable {
    struct Entry: Equatable {
        var key: LogUUID
        /// How many events of the key sit below the run's end: its version there.
        var version: UInt64
        var newestSegment: UInt64
        /// The newest segment before the run's range that holds the key
        /// (`StreamEntry.noPrevious`: the key is new in the run).
        var previousSegment: UInt64
    }

    /// What identifies a run in a manifest.
    struct Descriptor: Equatable {
        var level: Int
        var firstBase: UInt64
        var endPosition: UInt64
        var entryCount: Int
        var newKeys: Int
        var entriesCRC: UInt32
    }

    static let headerSize = 72
    static let entrySize = 40
    static let fenceInterval = 64
    private static let magic = Array("LBSTRRUN".utf8)

    let file: LogFile
    let descriptor: Descriptor
    private let filter: RunFilter
    private let fenceOffset: Int
    private let fenceCRC: UInt32
    /// Read with the first lookup that passes the filter.
    private let fences = Locked<[LogUUID]?>(nil)

    private static func fenceCount(entries: Int) -> Int {
        (entries + fenceInterval - 1) / fenceInterval
    }

    var path: String { file.path }

    static func fileName(stream: String, level: Int, firstBase: UInt64, endPosition: UInt64) -> String {
        "\(stream)-\(level)-\(SegmentName.digits(firstBase))-\(SegmentName.digits(endPosition)).idx"
    }

    /// Whether `name` is a run file of `stream` (listed in its manifest or not).
    static func isRun(_ name: String, stream: String) -> Bool {
        name.hasPrefix(stream + "-") && name.hasSuffix(".idx")
    }

    /// Opens the run at `path` and checks that its header matches `expected` and its size.
    init(path: String, expected: Descriptor, memory: FilterMemory, io: SystemIO) throws(LogbookError) {
        file = try LogFile(path: path, flags: O_RDONLY, io: io)
        let header = try file.readExactly(count: Self.headerSize, at: 0, what: "stream run header")
        let size = try file.size()
        let parsed: (Descriptor, Int, UInt32, UInt32)? = header.withUnsafeBytes { bytes in
            guard bytes.prefix(8).elementsEqual(Self.magic), bytes.loadLE(at: 8, as: UInt32.self) == 1,
                  CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<68])) == bytes.loadLE(at: 68, as: UInt32.self)
            else { return nil }
            let descriptor = Descriptor(
                level: Int(bytes.loadLE(at: 12, as: UInt32.self)), firstBase: bytes.loadLE(at: 16, as: UInt64.self),
                endPosition: bytes.loadLE(at: 24, as: UInt64.self), entryCount: Int(bytes.loadLE(at: 32, as: UInt64.self)),
                newKeys: Int(bytes.loadLE(at: 40, as: UInt64.self)), entriesCRC: bytes.loadLE(at: 56, as: UInt32.self)
            )
            return (descriptor, Int(bytes.loadLE(at: 48, as: UInt32.self)), bytes.loadLE(at: 52, as: UInt32.self), bytes.loadLE(at: 60, as: UInt32.self))
        }
        guard let (descriptor, filterBytes, filterCRC, fenceCRC) = parsed, descriptor == expected,
              size == Self.headerSize + descriptor.entryCount * Self.entrySize + filterBytes + Self.fenceCount(entries: descriptor.entryCount) * 16
        else { throw .corruption("stream run does not match the manifest that lists it", path: path, offset: 0) }
        self.descriptor = descriptor
        fenceOffset = Self.headerSize + descriptor.entryCount * Self.entrySize + filterBytes
        self.fenceCRC = fenceCRC
        filter = RunFilter(
            file: file, offset: Self.headerSize + descriptor.entryCount * Self.entrySize, byteCount: filterBytes, crc: filterCRC, memory: memory
        )
    }

    /// The entry of `key`, when the run holds it: the filter, the fence keys, then one read.
    func lookup(_ key: LogUUID) throws(LogbookError) -> Entry? {
        guard descriptor.entryCount > 0, try filter.mayContain(key) else { return nil }
        let fences = try fenceKeys()
        var low = 0
        var high = fences.count
        while low < high {
            let mid = (low + high) / 2
            if fences[mid] <= key { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return nil }
        let first = (low - 1) * Self.fenceInterval
        let count = min(Self.fenceInterval, descriptor.entryCount - first)
        let bytes = try file.readExactly(count: count * Self.entrySize, at: Self.headerSize + first * Self.entrySize, what: "stream run entries")
        return bytes.withUnsafeBytes { raw -> Entry? in
            var low = 0
            var high = count
            while low < high {
                let mid = (low + high) / 2
                let entry = Self.decode(raw, at: mid * Self.entrySize)
                if entry.key == key { return entry }
                if entry.key < key { low = mid + 1 } else { high = mid }
            }
            return nil
        }
    }

    private func fenceKeys() throws(LogbookError) -> [LogUUID] {
        try fences.withLock { (cached) throws(LogbookError) -> [LogUUID] in
            if let cached { return cached }
            let count = Self.fenceCount(entries: descriptor.entryCount)
            let bytes = try file.readExactly(count: count * 16, at: fenceOffset, what: "stream run fence keys")
            guard CRC32C.checksum(bytes) == fenceCRC else { throw .corruption("stream run fence keys fail their checksum", path: path, offset: fenceOffset) }
            let keys = bytes.withUnsafeBytes { raw in
                (0..<count).map { LogUUID(high: raw.loadLE(at: $0 * 16, as: UInt64.self), low: raw.loadLE(at: $0 * 16 + 8, as: UInt64.self)) }
            }
            cached = keys
            return keys
        }
    }

    /// Reads the entries in key order, a chunk at a time.
    func reader() -> Reader {
        Reader(file: file, count: descriptor.entryCount)
    }

    /// Checks the entries' checksum and the filter's (a full read, for `verify`).
    func verify() throws(LogbookError) {
        var crc: UInt32 = 0
        let end = Self.headerSize + descriptor.entryCount * Self.entrySize
        var offset = Self.headerSize
        while offset < end {
            let chunk = try file.readExactly(count: min(1 << 20, end - offset), at: offset, what: "stream run entries")
            crc = CRC32C.checksum(chunk, extending: crc)
            offset += chunk.count
        }
        guard crc == descriptor.entriesCRC else { throw .corruption("stream run entries fail their checksum", path: path, offset: Self.headerSize) }
        _ = try filter.mayContain(LogUUID(high: 0, low: 0))
        _ = try fenceKeys()
    }

    struct Reader {
        let file: LogFile
        let count: Int
        private var index = 0
        private var chunk: [UInt8] = []
        private var chunkFirst = 0

        init(file: LogFile, count: Int) {
            self.file = file
            self.count = count
        }

        mutating func next() throws(LogbookError) -> Entry? {
            guard index < count else { return nil }
            if index - chunkFirst >= chunk.count / StreamRun.entrySize {
                let entries = min(4096, count - index)
                chunk = try file.readExactly(count: entries * StreamRun.entrySize, at: StreamRun.headerSize + index * StreamRun.entrySize, what: "stream run entries")
                chunkFirst = index
            }
            let at = (index - chunkFirst) * StreamRun.entrySize
            index += 1
            return chunk.withUnsafeBytes { StreamRun.decode($0, at: at) }
        }
    }

    /// Writes a run of `level` covering `firstBase..<endPosition` from `next`, which yields
    /// entries in key order, and makes it durable under its name; the caller lists it in
    /// the manifest.
    static func write(
        stream: String, level: Int, firstBase: UInt64, endPosition: UInt64, expectedKeys: Int,
        directory: String, io: SystemIO, entries next: () throws(LogbookError) -> Entry?
    ) throws(LogbookError) -> (path: String, descriptor: Descriptor) {
        let path = joinPath(directory, fileName(stream: stream, level: level, firstBase: firstBase, endPosition: endPosition))
        let temporaryPath = path + ".tmp"
        try io.unlink(temporaryPath)
        let output = try LogFile(path: temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC, io: io)
        var bloom = BloomFilter(expectedKeys: expectedKeys)
        var writer = ByteWriter(capacity: 1 << 16)
        var offset = headerSize
        var entriesCRC: UInt32 = 0
        var written = 0
        var newKeys = 0
        var fences = ByteWriter()
        func flush() throws(LogbookError) {
            entriesCRC = CRC32C.checksum(writer.bytes, extending: entriesCRC)
            try output.write(writer.bytes, at: offset)
            offset += writer.count
            writer.bytes.removeAll(keepingCapacity: true)
        }
        while let entry = try next() {
            if written % fenceInterval == 0 { fences.append(entry.key) }
            writer.append(entry.key)
            writer.append(entry.version)
            writer.append(entry.newestSegment)
            writer.append(entry.previousSegment)
            bloom.insert(entry.key)
            written += 1
            if entry.previousSegment == StreamEntry.noPrevious { newKeys += 1 }
            if writer.count >= 1 << 16 { try flush() }
        }
        try flush()
        var filter = ByteWriter(capacity: bloom.words.count * 8)
        bloom.encode(into: &filter)
        try output.write(filter.bytes, at: offset)
        try output.write(fences.bytes, at: offset + filter.count)
        let descriptor = Descriptor(
            level: level, firstBase: firstBase, endPosition: endPosition, entryCount: written, newKeys: newKeys, entriesCRC: entriesCRC
        )
        var header = ByteWriter(capacity: headerSize)
        header.append(contentsOf: magic)
        header.append(UInt32(1))
        header.append(UInt32(level))
        header.append(firstBase)
        header.append(endPosition)
        header.append(UInt64(written))
        header.append(UInt64(newKeys))
        header.append(UInt32(filter.count))
        header.append(CRC32C.checksum(filter.bytes))
        header.append(entriesCRC)
        header.append(CRC32C.checksum(fences.bytes))
        header.append(UInt32(0))
        header.append(CRC32C.checksum(header.bytes))
        try output.write(header.bytes, at: 0)
        try output.syncAll()
        try io.rename(temporaryPath, to: path)
        return (path, descriptor)
    }

    private static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Entry {
        Entry(
            key: LogUUID(high: bytes.loadLE(at: offset, as: UInt64.self), low: bytes.loadLE(at: offset + 8, as: UInt64.self)),
            version: bytes.loadLE(at: offset + 16, as: UInt64.self),
            newestSegment: bytes.loadLE(at: offset + 24, as: UInt64.self),
            previousSegment: bytes.loadLE(at: offset + 32, as: UInt64.self)
        )
    }
}
