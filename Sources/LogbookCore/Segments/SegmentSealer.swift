#if canImport(Glibc)
import Glibc
#endif

/// Rewrites a full active segment into its sealed form: LZ4-compressed blocks, then the
/// footer (block index, session and trace indexes chained to earlier segments, type index,
/// sorted ids and their Bloom filter), then the trailer with the whole-file checksum.
/// The rewrite goes to a temp file that is fsynced and renamed over the active file, so a
/// crash leaves either the old or the new file, never half of one.
struct SegmentSealer {
    static let blockTarget = 64 * 1024

    let directory: String
    let io: SystemIO

    struct Outcome {
        /// The first position after the segment.
        var endPosition: UInt64
        var sealedBytes: Int
    }

    /// Seals the active segment at `base`, then adds its sessions and traces to the log-wide
    /// directories. A segment found sealed already (a seal that failed after its rename)
    /// gets only the steps that may be missing: the directory sync and the directories' runs.
    func seal(base: UInt64, sessions: StreamDirectory, traces: StreamDirectory) throws(LogbookError) -> Outcome {
        try seal(bases: [base], sessions: sessions, traces: traces)[0]
    }

    /// Seals the active segments at `bases` (consecutive, oldest first) and adds all of them
    /// to the session and trace directories as one run each, published once the segments
    /// are durable: the cost is that of the batch, not of the directories (whose runs the
    /// background sealer merges afterwards, `StreamDirectory.compacted`).
    /// Returns the outcomes of the segments sealed, a prefix of `bases`: a first segment
    /// found sealed already is only finished (see `seal(base:)`).
    func seal(bases: [UInt64], sessions: StreamDirectory, traces: StreamDirectory) throws(LogbookError) -> [Outcome] {
        guard let first = bases.first else { return [] }
        if try SegmentCatalog.kind(of: joinPath(directory, SegmentName.fileName(base: first)), io: io) == .sealed {
            return [try finish(base: first, sessions: sessions, traces: traces)]
        }
        var sources: [(file: LogFile, index: ActiveSegmentIndex)] = []
        for base in bases {
            let path = joinPath(directory, SegmentName.fileName(base: base))
            let source = try LogFile(path: path, flags: O_RDONLY, io: io)
            guard try SegmentCatalog.kind(of: source) == .active else { break }
            var index = ActiveSegmentIndex(basePosition: base, tracksIDs: true)
            if case .invalid(let offset, let reason) = try index.scan(source) {
                throw .corruption("cannot seal: \(reason)", path: path, offset: offset)
            }
            sources.append((source, index))
        }
        let end = sources.last!.index.nextPosition
        // Each key's count over the batch and the newest segment holding it.
        func additions(_ map: (ActiveSegmentIndex) -> [LogUUID: [UInt64]]) -> [StreamDirectory.Addition] {
            var total: [LogUUID: (count: Int, newest: UInt64)] = [:]
            for source in sources {
                for (key, positions) in map(source.index) {
                    total[key] = ((total[key]?.count ?? 0) + positions.count, source.index.basePosition)
                }
            }
            return total.keys.sorted().map { ($0, total[$0]!.count, total[$0]!.newest) }
        }
        let sessionAdditions = additions(\.sessions)
        let traceAdditions = additions(\.traces)
        let runs = try (
            sessions: sessions.writeRun(additions: sessionAdditions, firstBase: first, endPosition: end),
            traces: traces.writeRun(additions: traceAdditions, firstBase: first, endPosition: end)
        )
        // The chain link of each key in each segment: the newest older segment holding it.
        var newestSessions = Dictionary(uniqueKeysWithValues: zip(sessionAdditions.map(\.key), runs.sessions.previous))
        var newestTraces = Dictionary(uniqueKeysWithValues: zip(traceAdditions.map(\.key), runs.traces.previous))
        var outcomes: [Outcome] = []
        for source in sources {
            let base = source.index.basePosition
            let sessionKeys = source.index.sessions.keys.sorted()
            let traceKeys = source.index.traces.keys.sorted()
            let previous = (sessions: sessionKeys.map { newestSessions[$0]! }, traces: traceKeys.map { newestTraces[$0]! })
            for key in sessionKeys { newestSessions[key] = base }
            for key in traceKeys { newestTraces[key] = base }
            let path = joinPath(directory, SegmentName.fileName(base: base))
            let temporaryPath = path + ".sealing"
            try io.unlink(temporaryPath)
            let output = try LogFile(path: temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC, io: io)
            var sink = ChecksummedSink(file: output)
            try sink.write(SegmentHeader(kind: .sealed, basePosition: base, createdAtMs: currentTimeMs()).encoded())
            let blocks = try writeBlocks(from: source.file, index: source.index, to: &sink)
            try Self.writeFooter(base: base, blocks: blocks, index: source.index, previous: previous, to: &sink)
            try output.syncAll()
            try io.rename(temporaryPath, to: path)
            outcomes.append(Outcome(endPosition: source.index.nextPosition, sealedBytes: sink.offset))
        }
        try io.syncDirectory(directory)
        _ = try sessions.publish(runs.sessions.run)
        _ = try traces.publish(runs.traces.run)
        return outcomes
    }

    private func finish(base: UInt64, sessions: StreamDirectory, traces: StreamDirectory) throws(LogbookError) -> Outcome {
        let segment = try SealedSegment(path: joinPath(directory, SegmentName.fileName(base: base)), io: io)
        try io.syncDirectory(directory)
        for (current, section) in [(sessions, SealedTrailer.Section.sessions), (traces, .traces)] where current.coveredEnd < segment.endPosition {
            _ = try add([segment], section: section, to: current)
        }
        return Outcome(endPosition: segment.endPosition, sealedBytes: try segment.file.size())
    }

    /// Adds the sessions (or traces) of the sealed `segments` (consecutive, starting where
    /// the directory ends) to the directory `current` as one run and publishes it; returns
    /// the directory as it now is.
    func add(_ segments: [SealedSegment], section: SealedTrailer.Section, to current: StreamDirectory) throws(LogbookError) -> StreamDirectory {
        guard let first = segments.first, let last = segments.last else { return current }
        var total: [LogUUID: (count: Int, newest: UInt64)] = [:]
        for segment in segments {
            for entry in try segment.streamEntries(section) {
                total[entry.key] = ((total[entry.key]?.count ?? 0) + entry.count, segment.basePosition)
            }
        }
        let additions = total.keys.sorted().map { ($0, total[$0]!.count, total[$0]!.newest) }
        let run = try current.writeRun(additions: additions, firstBase: first.basePosition, endPosition: last.endPosition)
        return try current.publish(run.run)
    }

    /// Writes the footer sections and the trailer after `blocks`: block index, session and
    /// trace indexes (with `previous`, per sorted key, the chain link to an older segment),
    /// type index, sorted ids and their Bloom filter. Sealing and footer repair share it.
    static func writeFooter(
        base: UInt64, blocks: [BlockEntry], index: ActiveSegmentIndex,
        previous: (sessions: [UInt64], traces: [UInt64]), to sink: inout ChecksummedSink
    ) throws(LogbookError) {
        var sections: [SealedTrailer.Location] = []
        func section(_ build: (inout ByteWriter) -> Void) throws(LogbookError) {
            var writer = ByteWriter()
            build(&writer)
            sections.append(SealedTrailer.Location(offset: sink.offset, length: writer.count, crc: CRC32C.checksum(writer.bytes)))
            try sink.write(writer.bytes)
        }
        try section { writer in for block in blocks { block.encode(into: &writer) } }
        for (map, links) in [(index.sessions, previous.sessions), (index.traces, previous.traces)] {
            let keys = map.keys.sorted()
            try section { writer in
                var first = 0
                for (offset, key) in keys.enumerated() {
                    let count = map[key]!.count
                    StreamEntry(key: key, previousSegment: links[offset], firstIndex: first, count: count).encode(into: &writer)
                    first += count
                }
            }
            try section { writer in
                for key in keys { for position in map[key]! { writer.append(UInt32(position - base)) } }
            }
        }
        try section { writer in
            writer.append(UInt32(index.types.count))
            for (type, positions) in index.types.sorted(by: { $0.key < $1.key }) {
                let name = Array(type.utf8)
                writer.append(UInt16(name.count))
                writer.append(contentsOf: name)
                writer.append(UInt32(positions.count))
                for position in positions { writer.append(UInt32(position - base)) }
            }
        }
        var bloom = BloomFilter(expectedKeys: index.ids.count)
        try section { writer in
            for (id, position) in index.ids.sorted(by: { $0.key < $1.key }) {
                writer.append(id)
                writer.append(UInt32(position - base))
                bloom.insert(id)
            }
        }
        try section { writer in bloom.encode(into: &writer) }
        let trailer = SealedTrailer(
            sections: sections, basePosition: base, eventCount: index.eventCount,
            minTimestampMs: index.minTimestampMs, maxTimestampMs: index.maxTimestampMs,
            recordBytes: blocks.reduce(0) { $0 + $1.uncompressedLength }, fileCRC: sink.crc
        )
        try sink.write(trailer.encoded())
    }

    /// Copies the records of every batch into compressed blocks of about `blockTarget` bytes.
    private func writeBlocks(from source: LogFile, index: ActiveSegmentIndex, to sink: inout ChecksummedSink) throws(LogbookError) -> [BlockEntry] {
        var blocks: [BlockEntry] = []
        var pending = ByteWriter(capacity: Self.blockTarget + 4096)
        var pendingFirst = index.basePosition
        var pendingCount = 0

        func flush() throws(LogbookError) {
            guard pendingCount > 0 else { return }
            let compressed = pending.bytes.withUnsafeBytes { LZ4Block.compress($0) }
            var header = ByteWriter(capacity: BlockEntry.headerSize)
            header.append(BlockEntry.magic)
            header.append(UInt32(compressed.count))
            header.append(UInt32(pending.count))
            header.append(CRC32C.checksum(compressed))
            blocks.append(BlockEntry(
                firstPosition: pendingFirst, offset: sink.offset, compressedLength: compressed.count,
                uncompressedLength: pending.count, count: pendingCount
            ))
            try sink.write(header.bytes)
            try sink.write(compressed)
            pendingFirst += UInt64(pendingCount)
            pendingCount = 0
            pending.bytes.removeAll(keepingCapacity: true)
        }

        for batch in index.batches {
            let body = try source.readExactly(count: batch.bodyLength, at: batch.offset + BatchFrame.headerSize, what: "batch")
            try body.withBytes { (bytes) throws(LogbookError) in
                var offset = 0
                while offset < bytes.count {
                    guard let header = RecordCodec.header(in: bytes, at: offset) else {
                        throw .corruption("record does not parse while sealing", path: source.path, offset: batch.offset + BatchFrame.headerSize + offset)
                    }
                    pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + header.encodedSize)]))
                    pendingCount += 1
                    offset += header.encodedSize
                    if pending.count >= Self.blockTarget { try flush() }
                }
            }
        }
        try flush()
        return blocks
    }
}

/// Appends to a new file while keeping the running CRC32C of everything written.
struct ChecksummedSink {
    let file: LogFile
    private(set) var offset = 0
    private(set) var crc: UInt32 = 0

    init(file: LogFile) {
        self.file = file
    }

    mutating func write(_ bytes: [UInt8]) throws(LogbookError) {
        try file.write(bytes, at: offset)
        crc = CRC32C.checksum(bytes, extending: crc)
        offset += bytes.count
    }
}
