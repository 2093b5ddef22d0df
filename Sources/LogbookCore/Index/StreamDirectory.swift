#if canImport(Glibc)
import Glibc
#endif

/// The log-wide index of sessions (or traces) over the sealed segments: for each key, its
/// version (how many events it has) and the newest sealed segment holding it. It gives the
/// session version an append checks against and the start of the chain a session read
/// follows, without holding every session in memory.
///
/// LSM-style, so that no step costs the size of the directory: each seal batch adds a small
/// sorted run (`StreamRun`) of the keys its segments hold; once `fanOut` runs of one level
/// are newest, they are merged into one of the next level (each entry is rewritten once per
/// level: O(log n) amortized). A lookup consults the runs newest first, each through its
/// Bloom filter, and stops at the first that holds the key: at most `fanOut - 1` runs per
/// level, about 30 for a log of 10^10 events. Opening reads the manifest only; the runs are
/// opened at the first lookup.
///
/// The manifest, at `path` (`sessions.idx`), lists the runs in use; a run is published by
/// writing a new manifest (temp file, fsync, rename, directory fsync). Run files it does not
/// list (a seal or merge cut short) are removed by the next open of the log. Derived data:
/// rebuilt from the sealed footers when missing or damaged.
///
///     8 magic "LBSTREAM"  u32 version (2)  u32 run count
///     per run, oldest first: u32 level  u32 crc32c of its entries  u64 first segment base
///         u64 end position  u64 entry count  u64 keys new in it
///     u32 crc32c of everything before
final class StreamDirectory: Sendable {
    struct Entry: Equatable {
        var key: LogUUID
        /// Events of the key in the segments the directory covers.
        var count: UInt64
        var newestSegment: UInt64
    }

    /// The keys of the segments being sealed, sorted: how many events each has there and
    /// the newest of those segments holding it.
    typealias Addition = (key: LogUUID, count: Int, newest: UInt64)

    static let fanOut = 8
    private static let magic = Array("LBSTREAM".utf8)
    private static let headerSize = 16
    private static let runRecordSize = 40

    let path: String
    let io: SystemIO
    /// The name the runs' files start with: `sessions` for `sessions.idx`.
    let stream: String
    let directory: String
    /// The runs the manifest lists, oldest first; together they cover `0..<coveredEnd`
    /// without gaps. They are opened at the first lookup, through `cache`.
    private let descriptors: [StreamRun.Descriptor]
    /// The runs' file paths, made once: a lookup probes every run, and making a path per
    /// probe was most of an append's session lookup.
    private let runPaths: [String]
    /// The runs, once a lookup has opened them: a lookup then takes one lock, not the
    /// cache's lock and a path hash per run.
    private let opened = Locked<[StreamRun]?>(nil)
    private let cache: StreamRunCache

    private init(path: String, io: SystemIO, descriptors: [StreamRun.Descriptor], cache: StreamRunCache) {
        self.path = path
        self.io = io
        self.descriptors = descriptors
        self.cache = cache
        let stream = Self.stream(of: path)
        let directory = Self.parent(of: path)
        self.stream = stream
        self.directory = directory
        runPaths = cache.runPaths(manifest: path, stream: stream, descriptors: descriptors) {
            descriptors.map { run in
                joinPath(directory, StreamRun.fileName(stream: stream, level: run.level, firstBase: run.firstBase, endPosition: run.endPosition))
            }
        }
    }

    /// Every sealed segment that ends at or before this position is in the directory.
    var coveredEnd: UInt64 { descriptors.last?.endPosition ?? 0 }
    /// How many distinct keys the directory holds.
    var entryCount: Int { descriptors.reduce(0) { $0 + $1.newKeys } }
    var runCount: Int { descriptors.count }

    /// Opens the directory whose manifest is at `path` (reading only the manifest); an
    /// absent manifest is an empty directory covering nothing. With `verify`, every run is
    /// opened and its checksums checked (a full read). Runs come from `cache` when it has
    /// them, so their filters stay loaded from one open to the next.
    static func open(path: String, io: SystemIO, verify: Bool = false, cache: StreamRunCache? = nil) throws(LogbookError) -> StreamDirectory {
        let cache = cache ?? StreamRunCache()
        var attempts = 0
        while true {
            let opened = StreamDirectory(path: path, io: io, descriptors: try readManifest(path: path, io: io), cache: cache)
            guard verify else { return opened }
            do throws(LogbookError) {
                for index in opened.descriptors.indices { try opened.run(index).verify() }
                return opened
            } catch {
                // A merge by a running writer may have replaced the runs since the manifest
                // was read: read it again before calling the directory damaged.
                attempts += 1
                guard error.errno == ENOENT, attempts < 5, try readManifest(path: path, io: io) != opened.descriptors else { throw error }
            }
        }
    }

    /// The entry of `key`: the newest run holding it has its version and newest segment.
    func lookup(_ key: LogUUID) throws(LogbookError) -> Entry? {
        do throws(LogbookError) {
            for run in try runs().reversed() {
                if let entry = try run.lookup(key) { return Entry(key: key, count: entry.version, newestSegment: entry.newestSegment) }
            }
            return nil
        } catch where error.errno == ENOENT {
            // A merge (in the writer's process) replaced runs since the manifest was read.
            let fresh = try Self.open(path: path, io: io, cache: cache)
            guard fresh.descriptors != descriptors else {
                throw .corruption("the index lists a run that is missing (\(error.path ?? ""))", path: path, offset: 0)
            }
            return try fresh.lookup(key)
        }
    }

    /// Every run, oldest first, opened (through the cache) at this directory's first lookup.
    private func runs() throws(LogbookError) -> [StreamRun] {
        if let all = opened.withLock({ $0 }) { return all }
        var all: [StreamRun] = []
        all.reserveCapacity(descriptors.count)
        for index in descriptors.indices { all.append(try run(index)) }
        opened.withLock { $0 = all }
        return all
    }

    private func run(_ index: Int) throws(LogbookError) -> StreamRun {
        try cache.run(path: runPaths[index], descriptor: descriptors[index], io: io)
    }

    /// Writes the run of the sealed segments `firstBase..<endPosition` (which must start
    /// where the directory ends) holding `additions`, to `publish` once the segments are
    /// durable. Returns it with, for each addition, the newest segment that held the key
    /// before (the chain link for the footer).
    func writeRun(additions: [Addition], firstBase: UInt64, endPosition: UInt64) throws(LogbookError) -> (run: StreamRun.Descriptor, previous: [UInt64]) {
        guard firstBase == coveredEnd else {
            throw .corruption("a \(stream) run for segments from position \(firstBase) would leave a gap after \(coveredEnd)", path: path, offset: 0)
        }
        var entries: [StreamRun.Entry] = []
        entries.reserveCapacity(additions.count)
        for addition in additions {
            let before = try lookup(addition.key)
            entries.append(StreamRun.Entry(
                key: addition.key, version: (before?.count ?? 0) + UInt64(addition.count),
                newestSegment: addition.newest, previousSegment: before?.newestSegment ?? StreamEntry.noPrevious
            ))
        }
        var next = entries.makeIterator()
        let written = try StreamRun.write(
            stream: stream, level: 0, firstBase: firstBase, endPosition: endPosition, expectedKeys: entries.count,
            directory: directory, io: io, entries: { next.next() }
        )
        return (written.descriptor, entries.map(\.previousSegment))
    }

    /// Lists `run` (written by `writeRun`) in a new manifest; returns the directory with it.
    func publish(_ run: StreamRun.Descriptor) throws(LogbookError) -> StreamDirectory {
        try replacing(descriptors.count..<descriptors.count, with: run)
    }

    /// Merges the newest runs while `fanOut` of them share a level, publishing each merge
    /// before removing its inputs. Returns the directory as it then is.
    func compacted() throws(LogbookError) -> StreamDirectory {
        var current = self
        while current.descriptors.count >= Self.fanOut {
            let range = (current.descriptors.count - Self.fanOut)..<current.descriptors.count
            let level = current.descriptors[range.lowerBound].level
            guard current.descriptors[range].allSatisfy({ $0.level == level }) else { break }
            var tail: [StreamRun] = []
            for index in range { tail.append(try current.run(index)) }
            var readers = tail.map { $0.reader() }
            var heads: [StreamRun.Entry?] = []
            for index in readers.indices { heads.append(try readers[index].next()) }
            // Oldest to newest: a key in several runs takes the newest version and segment
            // and the oldest run's link to the segments before the merged range.
            let merged = try StreamRun.write(
                stream: stream, level: level + 1, firstBase: tail[0].descriptor.firstBase, endPosition: tail[tail.count - 1].descriptor.endPosition,
                expectedKeys: tail.reduce(0) { $0 + $1.descriptor.entryCount }, directory: directory, io: io
            ) { () throws(LogbookError) -> StreamRun.Entry? in
                guard let key = heads.compactMap({ $0?.key }).min() else { return nil }
                var combined: StreamRun.Entry?
                for index in heads.indices where heads[index]?.key == key {
                    let entry = heads[index]!
                    combined = StreamRun.Entry(
                        key: key, version: entry.version, newestSegment: entry.newestSegment,
                        previousSegment: combined?.previousSegment ?? entry.previousSegment
                    )
                    heads[index] = try readers[index].next()
                }
                return combined
            }
            let published = try current.replacing(range, with: merged.descriptor)
            for run in tail { try io.unlink(run.path) }
            current = published
        }
        return current
    }

    /// Removes the run files of this directory's stream that its manifest does not list
    /// (what a seal or a merge cut short leaves), from one listing of the directory; returns
    /// the listed runs that are missing. Only the writer calls it, on open.
    func removeUnlistedRuns() throws(LogbookError) -> [String] {
        let listed = Set(runPaths)
        var present = Set<String>()
        for name in try io.listDirectory(directory) where StreamRun.isRun(name, stream: stream) {
            let runPath = joinPath(directory, name)
            if listed.contains(runPath) { present.insert(runPath) } else { try io.unlink(runPath) }
        }
        return listed.subtracting(present).sorted()
    }

    /// Removes the manifest and every run of its stream, for a rebuild.
    static func remove(path: String, io: SystemIO) throws(LogbookError) {
        try io.unlink(path)
        for name in try io.listDirectory(parent(of: path)) where StreamRun.isRun(name, stream: stream(of: path)) {
            try io.unlink(joinPath(parent(of: path), name))
        }
    }

    private func replacing(_ range: Range<Int>, with descriptor: StreamRun.Descriptor) throws(LogbookError) -> StreamDirectory {
        var descriptors = self.descriptors
        descriptors.replaceSubrange(range, with: [descriptor])
        var writer = ByteWriter(capacity: Self.headerSize + descriptors.count * Self.runRecordSize + 4)
        writer.append(contentsOf: Self.magic)
        writer.append(UInt32(2))
        writer.append(UInt32(descriptors.count))
        for run in descriptors {
            writer.append(UInt32(run.level))
            writer.append(run.entriesCRC)
            writer.append(run.firstBase)
            writer.append(run.endPosition)
            writer.append(UInt64(run.entryCount))
            writer.append(UInt64(run.newKeys))
        }
        writer.append(CRC32C.checksum(writer.bytes))
        let temporaryPath = path + ".tmp"
        let file = try LogFile(path: temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC, io: io)
        try file.write(writer.bytes, at: 0)
        try file.syncAll()
        try io.rename(temporaryPath, to: path)
        try io.syncDirectory(directory)
        return StreamDirectory(path: path, io: io, descriptors: descriptors, cache: cache)
    }

    /// The runs a manifest lists, checked to cover positions from 0 without gaps.
    private static func readManifest(path: String, io: SystemIO) throws(LogbookError) -> [StreamRun.Descriptor] {
        guard io.fileExists(path) else { return [] }
        let file = try LogFile(path: path, flags: O_RDONLY, io: io)
        let size = try file.size()
        guard size >= headerSize + 4, size <= 1 << 20 else { throw .corruption("index manifest has an impossible size (\(size) bytes)", path: path, offset: 0) }
        let bytes = try file.readExactly(count: size, at: 0, what: "index manifest")
        let parsed: [StreamRun.Descriptor]? = bytes.withUnsafeBytes { raw in
            guard raw.prefix(8).elementsEqual(magic), raw.loadLE(at: 8, as: UInt32.self) == 2,
                  size == headerSize + Int(raw.loadLE(at: 12, as: UInt32.self)) * runRecordSize + 4,
                  CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<(size - 4)])) == raw.loadLE(at: size - 4, as: UInt32.self)
            else { return nil }
            return (0..<Int(raw.loadLE(at: 12, as: UInt32.self))).map { index in
                let at = headerSize + index * runRecordSize
                return StreamRun.Descriptor(
                    level: Int(raw.loadLE(at: at, as: UInt32.self)), firstBase: raw.loadLE(at: at + 8, as: UInt64.self),
                    endPosition: raw.loadLE(at: at + 16, as: UInt64.self), entryCount: Int(raw.loadLE(at: at + 24, as: UInt64.self)),
                    newKeys: Int(raw.loadLE(at: at + 32, as: UInt64.self)), entriesCRC: raw.loadLE(at: at + 4, as: UInt32.self)
                )
            }
        }
        guard let parsed else { throw .corruption("index manifest fails its checks (or was written by an older version)", path: path, offset: 0) }
        var end: UInt64 = 0
        for run in parsed {
            guard run.firstBase == end, run.endPosition > run.firstBase else {
                throw .corruption("index manifest lists runs that do not follow on at position \(end)", path: path, offset: 0)
            }
            end = run.endPosition
        }
        return parsed
    }

    private static func stream(of path: String) -> String {
        let name = path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? path[...]
        return String(name.hasSuffix(".idx") ? name.dropLast(4) : name)
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return path[..<slash].isEmpty ? "/" : String(path[..<slash])
    }
}
