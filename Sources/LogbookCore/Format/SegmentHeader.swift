/// The first 64 bytes of every segment file: what it is, and which position it starts at.
///
///     8 magic "LOGBOOK1"   u32 format version   u32 kind (1 active, 2 sealed)
///     u64 base position    i64 created_at_ms    28 reserved   u32 crc32c of bytes 0..<60
struct SegmentHeader: Equatable {
    enum Kind: UInt32 {
        case active = 1
        case sealed = 2
    }

    static let size = 64
    static let formatVersion: UInt32 = 1
    static let magic: [UInt8] = Array("LOGBOOK1".utf8)

    var kind: Kind
    var basePosition: UInt64
    var createdAtMs: Int64

    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: Self.size)
        writer.append(contentsOf: Self.magic)
        writer.append(Self.formatVersion)
        writer.append(kind.rawValue)
        writer.append(basePosition)
        writer.append(createdAtMs)
        writer.appendZeros(28)
        writer.append(CRC32C.checksum(writer.bytes))
        return writer.bytes
    }

    enum ParseError: Error {
        case notASegment
        case newerFormat(UInt32)
        case damaged
    }

    static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<SegmentHeader, ParseError> {
        guard bytes.count >= size, bytes.prefix(8).elementsEqual(magic) else { return .failure(.notASegment) }
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<60])) == bytes.loadLE(at: 60, as: UInt32.self) else {
            return .failure(.damaged)
        }
        let version = bytes.loadLE(at: 8, as: UInt32.self)
        guard version <= formatVersion else { return .failure(.newerFormat(version)) }
        guard let kind = Kind(rawValue: bytes.loadLE(at: 12, as: UInt32.self)) else { return .failure(.damaged) }
        return .success(SegmentHeader(kind: kind, basePosition: bytes.loadLE(at: 16, as: UInt64.self), createdAtMs: bytes.loadLE(at: 24, as: Int64.self)))
    }
}

/// Segment file names: the 20-digit zero-padded position of the first event, so `ls` sorts them.
enum SegmentName {
    static let suffix = ".seg"
    static let sealingSuffix = ".seg.sealing"

    static func fileName(base: UInt64) -> String {
        digits(base) + suffix
    }

    /// `position` as 20 zero-padded digits.
    static func digits(_ position: UInt64) -> String {
        let digits = String(position)
        return String(repeating: "0", count: 20 - digits.count) + digits
    }

    static func base(of name: String) -> UInt64? {
        // UTF-8 counts: `count` walks grapheme clusters, for every name of the directory.
        guard name.utf8.count == 20 + suffix.utf8.count, name.hasSuffix(suffix) else { return nil }
        return UInt64(name.prefix(20))
    }
}
