/// Reads one compressed block of a sealed segment: checks its header against the block
/// index entry and its checksum, then decompresses it. Used through `SealedSegment`, and
/// alone when the footer that indexes the blocks is itself damaged.
struct SealedBlockReader {
    let file: LogFile

    /// The records of one block, decompressed and checked.
    func records(_ block: BlockEntry) throws(LogbookError) -> [UInt8] {
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
            guard let records = LZ4Block.decompress(compressed, originalSize: block.uncompressedLength) else {
                throw .corruption("block does not decompress", path: file.path, offset: block.offset)
            }
            return records
        }
    }
}
