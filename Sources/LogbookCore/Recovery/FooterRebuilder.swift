#if canImport(Glibc)
import Glibc
#endif

/// Rewrites the footer of a sealed segment from its blocks, when a footer section or the
/// trailer is damaged but the blocks — the events themselves, each with its own checksum —
/// are intact. Indexes are derived data; the blocks are the truth. The chain links of the
/// session and trace indexes are found again in the older segments. The rewrite goes to a
/// temp file, fsynced and renamed over the segment.
struct FooterRebuilder {
    let directory: String
    let io: SystemIO

    /// Rebuilds the footer of the segment at `base`; `olderBases` are the sealed segments
    /// before it. Returns how many events the blocks hold.
    func rebuild(base: UInt64, olderBases: [UInt64]) throws(LogbookError) -> Int {
        let path = joinPath(directory, SegmentName.fileName(base: base))
        let file = try LogFile(path: path, flags: O_RDONLY, io: io)
        guard try SegmentCatalog.kind(of: file) == .sealed else {
            throw .corruption("not a sealed segment", path: path, offset: 0)
        }
        let size = try file.size()
        var index = ActiveSegmentIndex(basePosition: base, tracksIDs: true)
        var blocks: [BlockEntry] = []
        var offset = SegmentHeader.size
        // Blocks follow the header back to back; the first bytes that are not one start the footer.
        while offset + BlockEntry.headerSize <= size {
            let header = try file.read(count: BlockEntry.headerSize, at: offset)
            let (magic, compressed, uncompressed) = header.withUnsafeBytes { raw in
                (raw.loadLE(at: 0, as: UInt32.self), Int(raw.loadLE(at: 4, as: UInt32.self)), Int(raw.loadLE(at: 8, as: UInt32.self)))
            }
            guard magic == BlockEntry.magic, offset + BlockEntry.headerSize + compressed <= size else { break }
            let probe = BlockEntry(firstPosition: index.nextPosition, offset: offset, compressedLength: compressed, uncompressedLength: uncompressed, count: 0)
            let records = try SealedBlockReader(file: file).records(probe)
            let count = RecordCodec.count(in: records) ?? 0
            guard count > 0, records.withUnsafeBytes({ index.addBlock($0, count: count) }) else {
                throw .corruption("block records do not parse; the events cannot be recovered from this segment", path: path, offset: offset)
            }
            blocks.append(BlockEntry(firstPosition: probe.firstPosition, offset: offset, compressedLength: compressed, uncompressedLength: uncompressed, count: count))
            offset += BlockEntry.headerSize + compressed
        }
        guard !blocks.isEmpty else { throw .corruption("no intact block to rebuild the footer from", path: path, offset: SegmentHeader.size) }

        let previous = try links(for: index, olderBases: olderBases)
        let temporaryPath = path + ".sealing"
        try io.unlink(temporaryPath)
        let output = try LogFile(path: temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC, io: io)
        var sink = ChecksummedSink(file: output)
        try sink.write(try file.readExactly(count: offset, at: 0, what: "header and blocks"))
        try SegmentSealer.writeFooter(base: base, blocks: blocks, index: index, previous: previous, to: &sink)
        try output.syncAll()
        try io.rename(temporaryPath, to: path)
        try io.syncDirectory(directory)
        return index.eventCount
    }

    /// For each sorted session and trace key, the newest older segment that holds it.
    private func links(for index: ActiveSegmentIndex, olderBases: [UInt64]) throws(LogbookError) -> (sessions: [UInt64], traces: [UInt64]) {
        var result: [[UInt64]] = []
        for (map, section) in [(index.sessions, SealedTrailer.Section.sessions), (index.traces, .traces)] {
            let keys = map.keys.sorted()
            var found: [LogUUID: UInt64] = [:]
            for older in olderBases.sorted(by: >) where found.count < keys.count {
                let segment = try SealedSegment(path: joinPath(directory, SegmentName.fileName(base: older)), io: io)
                for entry in try segment.streamEntries(section) where map[entry.key] != nil && found[entry.key] == nil {
                    found[entry.key] = older
                }
            }
            result.append(keys.map { found[$0] ?? StreamEntry.noPrevious })
        }
        return (result[0], result[1])
    }
}
