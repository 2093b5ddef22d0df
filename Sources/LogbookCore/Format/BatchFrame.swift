/// The frame around each batch in an active segment. Recovery and indexing read these
/// 48 bytes without decoding payloads; the CRC covers the rest of the header and the body,
/// so a torn or bit-flipped batch is recognised as a whole.
///
///     u32 magic 'LBB1'   u32 body length   u32 crc32c(header[12..<48] + body)   u32 count
///     u64 base position  i64 min timestamp_ms   i64 max timestamp_ms   u64 reserved
struct BatchFrame: Equatable {
    static let magic: UInt32 = 0x3142_424C  // "LBB1" little-endian
    static let headerSize = 48

    var bodyLength: Int
    var crc: UInt32
    var count: Int
    var basePosition: UInt64
    var minTimestampMs: Int64
    var maxTimestampMs: Int64

    var totalSize: Int { Self.headerSize + bodyLength }

    /// Reserves a frame header in `writer`; records are then encoded straight after it, with
    /// no copy, and `finish` fills the header in.
    static func begin(in writer: inout ByteWriter) -> Int {
        let start = writer.count
        writer.appendZeros(headerSize)
        return start
    }

    static func finish(in writer: inout ByteWriter, start: Int, count: Int, basePosition: UInt64, minTimestampMs: Int64, maxTimestampMs: Int64) {
        writer.set(magic, at: start)
        writer.set(UInt32(writer.count - start - headerSize), at: start + 4)
        writer.set(UInt32(count), at: start + 12)
        writer.set(basePosition, at: start + 16)
        writer.set(minTimestampMs, at: start + 24)
        writer.set(maxTimestampMs, at: start + 32)
        let crc = writer.bytes.withUnsafeBytes { all in
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: all[(start + 12)...]))
        }
        writer.set(crc, at: start + 8)
    }

    /// Parses a header; nil when the magic or the lengths are not those of a frame.
    static func parseHeader(_ bytes: UnsafeRawBufferPointer) -> BatchFrame? {
        guard bytes.count >= headerSize, bytes.loadLE(at: 0, as: UInt32.self) == magic else { return nil }
        let count = Int(bytes.loadLE(at: 12, as: UInt32.self))
        let bodyLength = Int(bytes.loadLE(at: 4, as: UInt32.self))
        guard count > 0, bodyLength >= count * RecordCodec.fixedSize else { return nil }
        return BatchFrame(
            bodyLength: bodyLength,
            crc: bytes.loadLE(at: 8, as: UInt32.self),
            count: count,
            basePosition: bytes.loadLE(at: 16, as: UInt64.self),
            minTimestampMs: bytes.loadLE(at: 24, as: Int64.self),
            maxTimestampMs: bytes.loadLE(at: 32, as: Int64.self)
        )
    }

    /// True when `frameBytes` (header and body) match the stored checksum.
    func checksumMatches(_ frameBytes: UnsafeRawBufferPointer) -> Bool {
        guard frameBytes.count >= totalSize else { return false }
        let covered = UnsafeRawBufferPointer(rebasing: frameBytes[12..<totalSize])
        return CRC32C.checksum(covered) == crc
    }
}
