/// Reads one compressed block of a sealed segment: checks its header against the block
/// index entry and its checksum, then decompresses it. Used through `SealedSegment`, and
/// alone when the footer that indexes the blocks is itself damaged.
struct SealedBlockReader {
    let file: LogFile

    /// The records of one block, decompressed and checked.
    func records(_ block: BlockEntry) throws(LogbookError) -> [UInt8] {
        try checked(block) { (compressed) throws(LogbookError) -> [UInt8] in
            guard let records = LZ4Block.decompress(compressed, originalSize: block.uncompressedLength) else {
                throw .corruption("block does not decompress", path: file.path, offset: block.offset)
            }
            return records
        }
    }

    /// The records of one block from the first through record `index` at least, checked as
    /// `records` checks them. A point read wants one record of a 64 KiB block, half-way in on
    /// average: decompression stops a little past where that record would end if the block's
    /// records were all one size, and goes on to the end only when it is not whole there.
    func records(_ block: BlockEntry, through index: Int) throws(LogbookError) -> [UInt8] {
        guard index + 1 < block.count else { return try records(block) }
        return try checked(block) { (compressed) throws(LogbookError) -> [UInt8] in
            let evenEnd = block.uncompressedLength / block.count * (index + 1)
            let prefix = evenEnd + evenEnd / 4 + 1024
            if let records = LZ4Block.decompress(compressed, originalSize: block.uncompressedLength, prefix: prefix),
               Self.holds(records, through: index) {
                return records
            }
            guard let records = LZ4Block.decompress(compressed, originalSize: block.uncompressedLength) else {
                throw .corruption("block does not decompress", path: file.path, offset: block.offset)
            }
            return records
        }
    }

    /// Reads the block, checks its header and checksum, and hands its compressed bytes to `body`.
    private func checked(_ block: BlockEntry, _ body: (UnsafeRawBufferPointer) throws(LogbookError) -> [UInt8]) throws(LogbookError) -> [UInt8] {
        let raw = try file.readExactly(count: BlockEntry.headerSize + block.compressedLength, at: block.offset, what: "block")
        return try raw.withBytes { (bytes) throws(LogbookError) -> [UInt8] in
            guard bytes.loadLE(at: 0, as: UInt32.self) == BlockEntry.magic,
                  Int(bytes.loadLE(at: 4, as: UInt32.self)) == block.compressedLength,
                  Int(bytes.loadLE(at: 8, as: UInt32.self)) == block.uncompressedLength
            else { throw .corruption("block header does not match the block index", path: file.path, offset: block.offset) }
            let compressed = UnsafeRawBufferPointer(rebasing: bytes[BlockEntry.headerSize...])
            guard CRC32C.checksum(compressed) == bytes.loadLE(at: 12, as: UInt32.self) else {
                throw .corruption("block fails its checksum", path: file.path, offset: block.offset)
            }
            return try body(compressed)
        }
    }

    /// Whether `records` holds records 0 through `index` whole.
    private static func holds(_ records: [UInt8], through index: Int) -> Bool {
        records.withUnsafeBytes { raw in
            var offset = 0
            for _ in 0...index {
                guard let size = RecordCodec.encodedSize(in: raw, at: offset) else { return false }
                offset += size
            }
            return true
        }
    }
}
