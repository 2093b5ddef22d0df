/// The fixed-size trailer at the very end of a sealed segment. It locates the footer
/// sections (each with its own checksum, so a damaged index is found and rebuilt from
/// the blocks) and carries the checksum of every byte before it.
///
///     8 magic "LBFOOTER"   u32 version   u32 section count
///     per section: u64 offset, u64 length, u32 crc32c, u32 reserved
///     u64 base position   u64 event count   i64 min timestamp   i64 max timestamp
///     u64 uncompressed record bytes   u32 crc32c of the file before the trailer   u32 crc32c of the trailer
struct SealedTrailer: Equatable {
    enum Section: Int, CaseIterable {
        case blocks, sessions, sessionPositions, traces, tracePositions, types, ids, bloom
    }

    struct Location: Equatable {
        var offset: Int
        var length: Int
        var crc: UInt32
    }

    static let magic = Array("LBFOOTER".utf8)
    static let version: UInt32 = 1
    static let size = 16 + Section.allCases.count * 24 + 8 * 5 + 8

    var sections: [Location]
    var basePosition: UInt64
    var eventCount: Int
    var minTimestampMs: Int64
    var maxTimestampMs: Int64
    var recordBytes: Int
    var fileCRC: UInt32

    subscript(_ section: Section) -> Location { sections[section.rawValue] }

    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: Self.size)
        writer.append(contentsOf: Self.magic)
        writer.append(Self.version)
        writer.append(UInt32(sections.count))
        for location in sections {
            writer.append(UInt64(location.offset))
            writer.append(UInt64(location.length))
            writer.append(location.crc)
            writer.append(UInt32(0))
        }
        writer.append(basePosition)
        writer.append(UInt64(eventCount))
        writer.append(minTimestampMs)
        writer.append(maxTimestampMs)
        writer.append(UInt64(recordBytes))
        writer.append(fileCRC)
        writer.append(CRC32C.checksum(writer.bytes))
        return writer.bytes
    }

    /// Parses a trailer; nil when it is not one or fails its own checksum.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> SealedTrailer? {
        guard bytes.count == size, bytes.prefix(8).elementsEqual(magic),
              CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<(size - 4)])) == bytes.loadLE(at: size - 4, as: UInt32.self),
              bytes.loadLE(at: 8, as: UInt32.self) == version,
              Int(bytes.loadLE(at: 12, as: UInt32.self)) == Section.allCases.count
        else { return nil }
        var reader = ByteReader(bytes, offset: 16)
        var sections: [Location] = []
        for _ in Section.allCases {
            guard let offset: UInt64 = reader.read(), let length: UInt64 = reader.read(), let crc: UInt32 = reader.read(),
                  let _: UInt32 = reader.read()
            else { return nil }
            sections.append(Location(offset: Int(offset), length: Int(length), crc: crc))
        }
        guard let base: UInt64 = reader.read(), let count: UInt64 = reader.read(), let minTs: Int64 = reader.read(),
              let maxTs: Int64 = reader.read(), let recordBytes: UInt64 = reader.read(), let fileCRC: UInt32 = reader.read()
        else { return nil }
        return SealedTrailer(
            sections: sections, basePosition: base, eventCount: Int(count), minTimestampMs: minTs,
            maxTimestampMs: maxTs, recordBytes: Int(recordBytes), fileCRC: fileCRC
        )
    }
}

/// One entry of a sealed segment's block index: where a compressed block is, and which
/// positions it holds.
struct BlockEntry: Equatable {
    static let size = 32
    /// Bytes of the header before each block's compressed data:
    /// u32 magic 'LBK1', u32 compressed length, u32 uncompressed length, u32 crc32c(compressed).
    static let headerSize = 16
    static let magic: UInt32 = 0x314B_424C

    var firstPosition: UInt64
    var offset: Int
    var compressedLength: Int
    var uncompressedLength: Int
    var count: Int

    func encode(into writer: inout ByteWriter) {
        writer.append(firstPosition)
        writer.append(UInt64(offset))
        writer.append(UInt32(compressedLength))
        writer.append(UInt32(uncompressedLength))
        writer.append(UInt32(count))
        writer.append(UInt32(0))
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> BlockEntry {
        BlockEntry(
            firstPosition: bytes.loadLE(at: offset, as: UInt64.self),
            offset: Int(bytes.loadLE(at: offset + 8, as: UInt64.self)),
            compressedLength: Int(bytes.loadLE(at: offset + 16, as: UInt32.self)),
            uncompressedLength: Int(bytes.loadLE(at: offset + 20, as: UInt32.self)),
            count: Int(bytes.loadLE(at: offset + 24, as: UInt32.self))
        )
    }
}

/// One entry of a sealed segment's session or trace index, sorted by key: the positions of
/// the key's events in this segment, and the previous segment that holds the key, so that
/// reading a session follows a chain through only the segments that hold it.
struct StreamEntry: Equatable {
    static let size = 32
    static let noPrevious = UInt64.max

    var key: LogUUID
    var previousSegment: UInt64
    /// Index into the section of positions (u32, relative to the segment's base).
    var firstIndex: Int
    var count: Int

    func encode(into writer: inout ByteWriter) {
        writer.append(key)
        writer.append(previousSegment)
        writer.append(UInt32(firstIndex))
        writer.append(UInt32(count))
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> StreamEntry {
        StreamEntry(
            key: LogUUID(high: bytes.loadLE(at: offset, as: UInt64.self), low: bytes.loadLE(at: offset + 8, as: UInt64.self)),
            previousSegment: bytes.loadLE(at: offset + 16, as: UInt64.self),
            firstIndex: Int(bytes.loadLE(at: offset + 24, as: UInt32.self)),
            count: Int(bytes.loadLE(at: offset + 28, as: UInt32.self))
        )
    }
}
