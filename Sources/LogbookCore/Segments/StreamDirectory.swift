#if canImport(Glibc)
import Glibc
#endif

/// The log-wide index of sessions (or traces) over the sealed segments: for each key, how
/// many events it has and the newest sealed segment holding it. It gives the session
/// version an append checks against and the start of the chain a session read follows,
/// without holding every session in memory: lookups binary-search the file.
///
/// Derived data: rewritten (temp file, fsync, rename) each time a segment is sealed, and
/// rebuilt from the sealed footers when missing or damaged.
///
///     8 magic "LBSTREAM"  u32 version  u32 reserved  u64 covered end position  u64 entry count
///     u32 crc32c of the entries  u32 crc32c of the header so far
///     entries sorted by key: 16 key, u64 count, u64 newest sealed segment base
final class StreamDirectory: Sendable {
    struct Entry: Equatable {
        var key: LogUUID
        var count: UInt64
        var newestSegment: UInt64
    }

    static let headerSize = 40
    static let entrySize = 32
    private static let magic = Array("LBSTREAM".utf8)

    let path: String
    /// Every sealed segment that ends at or before this position is merged in.
    let coveredEnd: UInt64
    let entryCount: Int
    private let file: LogFile?

    private init(path: String, coveredEnd: UInt64, entryCount: Int, file: LogFile?) {
        self.path = path
        self.coveredEnd = coveredEnd
        self.entryCount = entryCount
        self.file = file
    }

    /// Opens the directory at `path`; an absent file is an empty directory covering nothing.
    /// With `verify`, the entries' checksum is checked too (a full read).
    static func open(path: String, io: SystemIO, verify: Bool = false) throws(LogbookError) -> StreamDirectory {
        guard io.fileExists(path) else { return StreamDirectory(path: path, coveredEnd: 0, entryCount: 0, file: nil) }
        let file = try LogFile(path: path, flags: O_RDONLY, io: io)
        let header = try file.read(count: headerSize, at: 0)
        let size = try file.size()
        let parsed: (UInt64, Int, UInt32)? = header.withUnsafeBytes { bytes in
            guard bytes.count == headerSize, bytes.prefix(8).elementsEqual(magic),
                  CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<36])) == bytes.loadLE(at: 36, as: UInt32.self)
            else { return nil }
            return (bytes.loadLE(at: 16, as: UInt64.self), Int(bytes.loadLE(at: 24, as: UInt64.self)), bytes.loadLE(at: 32, as: UInt32.self))
        }
        guard let (covered, count, entriesCRC) = parsed, size == headerSize + count * entrySize else {
            throw .corruption("index header does not match its size", path: path, offset: 0)
        }
        if verify {
            var crc: UInt32 = 0
            var offset = headerSize
            while offset < size {
                let chunk = try file.read(count: min(1 << 20, size - offset), at: offset)
                crc = CRC32C.checksum(chunk, extending: crc)
                offset += chunk.count
            }
            guard crc == entriesCRC else { throw .corruption("index entries fail their checksum", path: path, offset: headerSize) }
        }
        return StreamDirectory(path: path, coveredEnd: covered, entryCount: count, file: file)
    }

    /// The entry of `key`, by binary search over the file.
    func lookup(_ key: LogUUID) throws(LogbookError) -> Entry? {
        guard let file, entryCount > 0 else { return nil }
        var low = 0
        var high = entryCount
        while low < high {
            let mid = (low + high) / 2
            let bytes = try file.readExactly(count: Self.entrySize, at: Self.headerSize + mid * Self.entrySize, what: "index entry")
            let entry = bytes.withUnsafeBytes { Self.decode($0, at: 0) }
            if entry.key == key { return entry }
            if entry.key < key { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// Calls `body` with every entry in key order, reading the file in chunks.
    func forEach(_ body: (Entry) throws(LogbookError) -> Void) throws(LogbookError) {
        guard let file else { return }
        let perChunk = 4096
        var index = 0
        while index < entryCount {
            let count = min(perChunk, entryCount - index)
            let bytes = try file.readExactly(count: count * Self.entrySize, at: Self.headerSize + index * Self.entrySize, what: "index entries")
            for entry in bytes.withUnsafeBytes({ raw in (0..<count).map { Self.decode(raw, at: $0 * Self.entrySize) } }) {
                try body(entry)
            }
            index += count
        }
    }

    /// Writes, beside this directory, a new one that also holds `additions` (the keys of the
    /// segments being sealed, sorted, with their event counts there and the newest of those
    /// segments holding each). Returns the temp file's path, to `commit` once the segments
    /// are durable, and for each addition the newest segment that held the key before (the
    /// chain link for the footer).
    func merge(additions: [(key: LogUUID, count: Int, newest: UInt64)], coveredEnd: UInt64, io: SystemIO) throws(LogbookError) -> (temporaryPath: String, previous: [UInt64]) {
        let temporaryPath = path + ".tmp"
        try io.unlink(temporaryPath)
        let output = try LogFile(path: temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC, io: io)
        var writer = ByteWriter(capacity: 1 << 16)
        var written = Self.headerSize
        var crc: UInt32 = 0
        var total = 0
        var previous = [UInt64](repeating: StreamEntry.noPrevious, count: additions.count)
        var next = 0

        func emit(_ entry: Entry) throws(LogbookError) {
            writer.append(entry.key)
            writer.append(entry.count)
            writer.append(entry.newestSegment)
            total += 1
            if writer.count >= 1 << 16 { try flush() }
        }
        func flush() throws(LogbookError) {
            crc = CRC32C.checksum(writer.bytes, extending: crc)
            try output.write(writer.bytes, at: written)
            written += writer.count
            writer.bytes.removeAll(keepingCapacity: true)
        }

        try forEach { (old) throws(LogbookError) in
            while next < additions.count, additions[next].key < old.key {
                try emit(Entry(key: additions[next].key, count: UInt64(additions[next].count), newestSegment: additions[next].newest))
                next += 1
            }
            if next < additions.count, additions[next].key == old.key {
                previous[next] = old.newestSegment
                try emit(Entry(key: old.key, count: old.count + UInt64(additions[next].count), newestSegment: additions[next].newest))
                next += 1
            } else {
                try emit(old)
            }
        }
        while next < additions.count {
            try emit(Entry(key: additions[next].key, count: UInt64(additions[next].count), newestSegment: additions[next].newest))
            next += 1
        }
        try flush()
        var header = ByteWriter(capacity: Self.headerSize)
        header.append(contentsOf: Self.magic)
        header.append(UInt32(1))
        header.append(UInt32(0))
        header.append(coveredEnd)
        header.append(UInt64(total))
        header.append(crc)
        header.append(CRC32C.checksum(header.bytes))
        try output.write(header.bytes, at: 0)
        try output.syncAll()
        return (temporaryPath, previous)
    }

    /// Makes a merged directory the current one.
    static func commit(temporaryPath: String, to path: String, directory: String, io: SystemIO) throws(LogbookError) {
        try io.rename(temporaryPath, to: path)
        try io.syncDirectory(directory)
    }

    private static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Entry {
        Entry(
            key: LogUUID(high: bytes.loadLE(at: offset, as: UInt64.self), low: bytes.loadLE(at: offset + 8, as: UInt64.self)),
            count: bytes.loadLE(at: offset + 16, as: UInt64.self),
            newestSegment: bytes.loadLE(at: offset + 24, as: UInt64.self)
        )
    }
}
